import { IN_MEMORY, openDatabase, runMigrations, type Database } from '@rapidauth/database';
import pino from 'pino';
import { CleanupProcessor } from '../../../libs/jobs/src/cleanup/cleanup-processor';
import { cleanupSteps } from '../../../libs/jobs/src/cleanup/cleanup-steps';
import { AUDIT_RETENTION_DAYS, CLEANED_TABLES, countMarks, seedExpiryRows, type MarkCounts } from '../../support/expiry-rows';
import { BACKENDS, type BackendKind } from '../../support/migrated-database';
import { createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';

const BATCH_SIZE = 100;
const silent = pino({ level: 'silent' });

function processorOn(database: Database, auditRetentionDays = AUDIT_RETENTION_DAYS): CleanupProcessor {
  const steps = cleanupSteps(database.dataSource, { intervalSeconds: 0, batchSize: BATCH_SIZE, auditRetentionDays });
  return new CleanupProcessor(database.dataSource, steps, BATCH_SIZE, silent);
}

/** What is left after a cleanup: no `gone` row, every `kept` row. */
function cleaned(seeded: MarkCounts): MarkCounts {
  return Object.fromEntries(CLEANED_TABLES.map((table) => [table, { gone: 0, kept: seeded[table].kept }])) as MarkCounts;
}

/** The rows a run reports per table (refresh tokens go with their families, uncounted). */
function reported(seeded: MarkCounts): Record<string, number> {
  return Object.fromEntries(CLEANED_TABLES.filter((table) => table !== 'refresh_token').map((table) => [table, seeded[table].gone]));
}

/**
 * The expiry cleanup's statements on both backends: among live rows exactly the expired ones go, in
 * batches, whatever the boundaries; two runs at once delete each row once (SKIP LOCKED splits the
 * work on PostgreSQL; PGlite's one connection serialises it).
 */
describe.each(BACKENDS)('expiry cleanup on %s', (_label, kind: BackendKind) => {
  let scratch: ScratchDatabase | undefined;
  let first: Database;
  /** A second connection pool on the same database (PostgreSQL), as another instance has. */
  let second: Database;
  let ids: SignInIds;

  beforeAll(async () => {
    scratch = kind === 'postgres' ? await createScratchDatabase({ migrated: true }) : undefined;
    const config = scratch ? ({ kind: 'postgres', url: scratch.url } as const) : ({ kind: 'pglite', dataDir: IN_MEMORY } as const);
    first = await openDatabase(config);
    await runMigrations(first);
    second = scratch ? await openDatabase(config) : first;
    ids = await createSignInFixture(first.dataSource.manager);
  });

  afterAll(async () => {
    if (second !== first) await second?.close();
    await first?.close();
    await scratch?.drop();
  });

  it('deletes exactly the expired rows of every table, in batches, and reports them per table', async () => {
    const seeded = await seedExpiryRows(first.dataSource, ids, { gone: 2 * BATCH_SIZE + 30, kept: 150 });
    const run = await processorOn(first).run();
    expect(run.outcome).toBe('success');
    expect(run.deleted).toEqual(reported(seeded));
    expect(await countMarks(first.dataSource)).toEqual(cleaned(seeded));
    // Nothing left to do: a second run deletes nothing.
    expect(Object.values((await processorOn(first).run()).deleted).every((count) => count === 0)).toBe(true);
  });

  it('keeps audit events when AUDIT_RETENTION_DAYS is 0', async () => {
    await first.dataSource.query(`DELETE FROM "audit_event"`);
    await seedExpiryRows(first.dataSource, ids, { gone: 5, kept: 5 });
    const run = await processorOn(first, 0).run();
    expect(run.deleted).not.toHaveProperty('audit_event');
    expect((await countMarks(first.dataSource)).audit_event).toEqual({ gone: 5, kept: 5 });
    await first.dataSource.query(`DELETE FROM "audit_event"`);
  });

  it('deletes each row once when two instances clean up at the same time', async () => {
    const before = await countMarks(first.dataSource);
    const seeded = await seedExpiryRows(first.dataSource, ids, { gone: 10 * BATCH_SIZE, kept: 50 });
    const runs = await Promise.all([processorOn(first).run(), processorOn(second).run()]);
    expect(runs.map((run) => run.outcome)).toEqual(['success', 'success']);
    const deleted = Object.fromEntries(Object.keys(runs[0].deleted).map((table) => [table, runs[0].deleted[table] + runs[1].deleted[table]]));
    expect(deleted).toEqual(reported(seeded));
    const left = await countMarks(first.dataSource);
    for (const table of CLEANED_TABLES) expect([table, left[table]]).toEqual([table, { gone: 0, kept: before[table].kept + seeded[table].kept }]);
  });
});
