import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CleanupOutcome, CleanupRun } from './cleanup-run';
import type { CleanupStep } from './cleanup-step';

/**
 * Runs the cleanup's steps table by table, each in batches until one comes back short, and keeps
 * the last run for the admin routes. One run at a time per process: asking while one runs joins
 * it. `now` is the database's clock, read once per run, so every instance judges expiry alike.
 * Each finished run goes to `onRun` (the process's metrics).
 */
export class CleanupProcessor {
  private current: Promise<CleanupRun> | undefined;
  private last: CleanupRun | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly steps: readonly CleanupStep[],
    private readonly batchSize: number,
    private readonly log: Logger,
    private readonly onRun: (run: CleanupRun) => void = () => undefined,
  ) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** The last run of this process, or null before the first. */
  get lastRun(): CleanupRun | null {
    return this.last;
  }

  /** Runs the cleanup once, or joins the run in progress. Never rejects: a failure is the run's outcome. */
  run(): Promise<CleanupRun> {
    this.current ??= this.runSteps().finally(() => (this.current = undefined));
    return this.current;
  }

  /** Stops a run in progress after its current batch, waits for it, and refuses to start another. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.current;
  }

  private async runSteps(): Promise<CleanupRun> {
    const startedAt = new Date();
    const deleted: Record<string, number> = Object.fromEntries(this.steps.map((step) => [step.table, 0]));
    let outcome: CleanupOutcome = 'success';
    let failure: unknown;
    try {
      const now = await this.databaseNow();
      outcome = await this.deleteAll(now, deleted);
    } catch (error) {
      outcome = 'failure';
      failure = error;
    }
    const run: CleanupRun = { startedAt, finishedAt: new Date(), outcome, deleted };
    this.last = run;
    this.logRun(run, failure);
    this.onRun(run);
    return run;
  }

  private async deleteAll(now: Date, deleted: Record<string, number>): Promise<CleanupOutcome> {
    for (const step of this.steps) {
      let count: number;
      do {
        if (this.stopping.signal.aborted) return 'interrupted';
        count = await step.deleteBatch(now, this.batchSize);
        deleted[step.table] += count;
      } while (count >= this.batchSize);
    }
    return 'success';
  }

  private async databaseNow(): Promise<Date> {
    const [row]: { now: Date }[] = await this.dataSource.query('SELECT now() AS "now"');
    return new Date(row.now);
  }

  /** One line per run: what it deleted per table and how long it took; never a row's contents. */
  private logRun(run: CleanupRun, failure: unknown): void {
    const ms = run.finishedAt.getTime() - run.startedAt.getTime();
    const total = Object.values(run.deleted).reduce((sum, count) => sum + count, 0);
    const fields = { job: 'cleanup', outcome: run.outcome, deleted: run.deleted, ms };
    if (run.outcome === 'failure') this.log.error({ ...fields, err: failure }, `cleanup failed after deleting ${total} rows in ${ms} ms`);
    else this.log.info(fields, `cleanup ${run.outcome === 'success' ? 'done' : 'interrupted'}: deleted ${total} rows in ${ms} ms`);
  }
}
