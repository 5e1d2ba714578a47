import type { CleanupRun } from '../cleanup/cleanup-run';

/** The job states the metrics report (docs/operations.md, "Metrics"). */
export type JobCounts = Readonly<Record<'waiting' | 'active' | 'delayed' | 'failed', number>>;

/** How this process learns it is time to clean up: a BullMQ job scheduler (with Redis) or a timer. */
export interface CleanupSchedule {
  readonly mode: 'bullmq' | 'in-process';
  /** When the next scheduled run is due, or null when none is scheduled (or it cannot be told now). */
  nextRunAt(): Promise<Date | null>;
  /** The last scheduled run of any instance the schedule can see (BullMQ keeps them), else null. */
  lastRun(): Promise<CleanupRun | null>;
  /** The queue's jobs by state (BullMQ only), or null when they cannot be told now. */
  jobCounts?(): Promise<JobCounts | null>;
  /** No run starts after it resolves; a run in progress is the processor's to stop. */
  stop(): Promise<void>;
}
