import { Writable } from 'node:stream';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { CleanupProcessor } from './cleanup-processor';
import type { CleanupStep } from './cleanup-step';

const DATABASE_NOW = new Date('2026-12-01T10:00:00.000Z');

/** The one query the processor itself sends: the database's clock. */
const database = { query: async () => [{ now: DATABASE_NOW }] } as unknown as DataSource;

/** A step over `rows` expired rows that records the `now` and batch sizes it was called with. */
function tableStep(table: string, rows: number, calls: Array<{ now: Date; size: number }> = []): CleanupStep {
  let left = rows;
  return {
    table,
    deleteBatch: async (now, size) => {
      calls.push({ now, size });
      const deleted = Math.min(left, size);
      left -= deleted;
      return deleted;
    },
  };
}

function logLines() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('CleanupProcessor', () => {
  it('runs each step in batches until one comes back short, with the database clock, and sums per table', async () => {
    const calls: Array<{ now: Date; size: number }> = [];
    const { lines, logger } = logLines();
    const processor = new CleanupProcessor(
      database,
      [tableStep('authorization_code', 250, calls), tableStep('refresh_token_family', 100), tableStep('refresh_token_family', 30), tableStep('signing_key', 0)],
      100,
      logger,
    );
    const run = await processor.run();
    expect(run.outcome).toBe('success');
    expect(run.deleted).toEqual({ authorization_code: 250, refresh_token_family: 130, signing_key: 0 });
    // 100, 100, 50 (short: done).
    expect(calls).toEqual([{ now: DATABASE_NOW, size: 100 }, { now: DATABASE_NOW, size: 100 }, { now: DATABASE_NOW, size: 100 }]);
    expect(processor.lastRun).toEqual(run);
    expect(processor.running).toBe(false);
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, job: 'cleanup', outcome: 'success', deleted: run.deleted, ms: expect.any(Number) });
  });

  it('joins the run in progress instead of starting a second one', async () => {
    let release: () => void = () => undefined;
    let batches = 0;
    const slow: CleanupStep = {
      table: 'login_transaction',
      deleteBatch: async () => {
        batches += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return 0;
      },
    };
    const processor = new CleanupProcessor(database, [slow], 10, logLines().logger);
    const first = processor.run();
    const second = processor.run();
    await flush();
    expect(processor.running).toBe(true);
    release();
    expect(await second).toBe(await first);
    expect(batches).toBe(1);
  });

  it('records a failing step as the run’s outcome, skipping the later steps, and logs it as an error', async () => {
    const later: Array<{ now: Date; size: number }> = [];
    const { lines, logger } = logLines();
    const failing: CleanupStep = { table: 'revocation_entry', deleteBatch: async () => Promise.reject(new Error('connection lost')) };
    const processor = new CleanupProcessor(database, [tableStep('authorization_code', 5), failing, tableStep('audit_event', 5, later)], 10, logger);
    const run = await processor.run();
    expect(run).toMatchObject({ outcome: 'failure', deleted: { authorization_code: 5, revocation_entry: 0, audit_event: 0 } });
    expect(later).toEqual([]);
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, outcome: 'failure', err: { message: 'connection lost' } });
  });

  it('stops between batches when stopped, and starts nothing after', async () => {
    let batches = 0;
    let stopping: Promise<void> | undefined;
    const endless: CleanupStep = {
      table: 'browser_session',
      deleteBatch: async (_now, size) => {
        batches += 1;
        if (batches === 3) stopping = processor.stop();
        return size;
      },
    };
    const processor = new CleanupProcessor(database, [endless], 10, logLines().logger);
    const run = await processor.run();
    await stopping;
    expect(run).toMatchObject({ outcome: 'interrupted', deleted: { browser_session: 30 } });
    expect(batches).toBe(3);
    expect((await processor.run()).deleted).toEqual({ browser_session: 0 });
    expect(batches).toBe(3);
  });
});
