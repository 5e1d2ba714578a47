export { MAINTENANCE, startMaintenance } from './maintenance';
export type { CleanupStatus, Maintenance } from './maintenance';
export type { CleanupOutcome, CleanupRun } from './cleanup/cleanup-run';
export { CLEANUP_JOB, MAINTENANCE_QUEUE, QUEUE_PREFIX } from './queues';
export type { CleanupJobData } from './queues';
