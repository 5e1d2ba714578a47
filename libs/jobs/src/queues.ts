/**
 * The BullMQ names every instance must agree on (docs/operations.md, "Expiry cleanup"): one queue
 * for maintenance jobs under our key prefix, and the jobs it carries with their payloads.
 */
export const MAINTENANCE_QUEUE = 'rapidauth-maintenance';
export const QUEUE_PREFIX = 'rapidauth';

/** The cleanup job, and the id of the one scheduler that enqueues it cluster-wide. */
export const CLEANUP_JOB = 'cleanup';
export type MaintenanceJobName = typeof CLEANUP_JOB;

/** What a scheduled cleanup carries: nothing but its origin (the database holds the expiries). */
export interface CleanupJobData {
  readonly trigger: 'schedule';
}
