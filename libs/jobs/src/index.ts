export { MAINTENANCE, startMaintenance } from './maintenance';
export type { CleanupStatus, Maintenance, MaintenanceOptions } from './maintenance';
export type { JobCounts } from './schedule/cleanup-schedule';
export type { CleanupOutcome, CleanupRun } from './cleanup/cleanup-run';
export { CLEANUP_JOB, MAINTENANCE_QUEUE, QUEUE_PREFIX } from './queues';
export type { CleanupJobData } from './queues';
