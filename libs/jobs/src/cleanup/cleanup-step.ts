/**
 * One named step of the cleanup: deletes, in batches, the rows of `table` that can no longer
 * matter. The processor calls `deleteBatch` until a batch comes back short.
 */
export interface CleanupStep {
  /** The table it deletes from: its key in the run's `deleted` counts (two steps may share one). */
  readonly table: string;
  /**
   * Deletes at most `batchSize` rows expired at `now` (the database's clock, read once per run)
   * in one short transaction of its own, skipping rows another transaction holds; returns how many.
   */
  deleteBatch(now: Date, batchSize: number): Promise<number>;
}
