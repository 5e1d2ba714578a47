import type { AppConfig } from '@rapidauth/config';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { CleanupProcessor } from './cleanup/cleanup-processor';
import { latest, type CleanupRun } from './cleanup/cleanup-run';
import { cleanupSteps } from './cleanup/cleanup-steps';
import { BullmqSchedule } from './schedule/bullmq-schedule';
import type { CleanupSchedule, JobCounts } from './schedule/cleanup-schedule';
import { InProcessSchedule } from './schedule/in-process-schedule';

/** Injection token of the process's Maintenance, for the admin routes. */
export const MAINTENANCE = Symbol('MAINTENANCE');

/** What GET /v1/operations/cleanup answers (docs/operations.md, "Expiry cleanup"). */
export interface CleanupStatus {
  readonly mode: CleanupSchedule['mode'];
  readonly intervalSeconds: number;
  readonly batchSize: number;
  /** A run is in progress in this process. */
  readonly running: boolean;
  /** The latest run this process knows of: its own, or with Redis any instance's scheduled run. */
  readonly lastRun: CleanupRun | null;
  readonly nextRunAt: Date | null;
}

/**
 * The process's maintenance jobs: one processor and one schedule per process, however many apps
 * it serves (`npm start` hosts two), created once the database is migrated.
 */
export interface Maintenance {
  cleanupStatus(): Promise<CleanupStatus>;
  /** Runs the cleanup now in this process, or joins the run in progress here. */
  runCleanup(): Promise<CleanupRun>;
  /** The maintenance queue's jobs by state, with Redis only (null while Redis does not answer). */
  readonly jobCounts?: () => Promise<JobCounts | null>;
  /** Stops a run after its current batch and closes the schedule (worker and Redis connections): before the database closes. */
  stop(): Promise<void>;
}

export interface MaintenanceOptions {
  /** Called with each finished cleanup run of this process (the metrics count them). */
  readonly onRun?: (run: CleanupRun) => void;
}

/** `log` is the process's own logger (not an app's): the jobs belong to no app. */
export function startMaintenance(config: AppConfig, dataSource: DataSource, log: Logger, options: MaintenanceOptions = {}): Maintenance {
  const { intervalSeconds, batchSize } = config.cleanup;
  const processor = new CleanupProcessor(dataSource, cleanupSteps(dataSource, config.cleanup), batchSize, log, options.onRun);
  const schedule: CleanupSchedule = config.redisUrl
    ? new BullmqSchedule(processor, config.redisUrl, intervalSeconds * 1000, log)
    : new InProcessSchedule(processor, intervalSeconds * 1000);
  let stopping: Promise<void> | undefined;
  return {
    cleanupStatus: async () => {
      const [elsewhere, nextRunAt] = await Promise.all([schedule.lastRun(), schedule.nextRunAt()]);
      return {
        mode: schedule.mode,
        intervalSeconds,
        batchSize,
        running: processor.running,
        lastRun: latest(processor.lastRun, elsewhere),
        nextRunAt,
      };
    },
    runCleanup: () => processor.run(),
    jobCounts: schedule.jobCounts?.bind(schedule),
    stop: () => (stopping ??= processor.stop().then(() => schedule.stop())),
  };
}
