/** How a run ended: every step done, a step failed (later steps skipped), or stopped between batches by shutdown. */
export type CleanupOutcome = 'success' | 'failure' | 'interrupted';

/** One run of the cleanup, as the log line, the admin routes and the BullMQ job result report it. */
export interface CleanupRun {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly outcome: CleanupOutcome;
  /** Rows deleted, per table (every table of the run, 0 included). */
  readonly deleted: Readonly<Record<string, number>>;
}

/** A run as BullMQ stores a job's result: JSON, so the dates are strings. */
export type StoredCleanupRun = Omit<CleanupRun, 'startedAt' | 'finishedAt'> & { startedAt: string; finishedAt: string };

export function fromStored(stored: StoredCleanupRun): CleanupRun {
  return { ...stored, startedAt: new Date(stored.startedAt), finishedAt: new Date(stored.finishedAt) };
}

/** The later of two runs (by when they finished). */
export function latest(a: CleanupRun | null, b: CleanupRun | null): CleanupRun | null {
  if (!a || !b) return a ?? b;
  return b.finishedAt > a.finishedAt ? b : a;
}
