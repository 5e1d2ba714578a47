import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { CleanupProcessor } from '../cleanup/cleanup-processor';
import { fromStored, type CleanupRun, type StoredCleanupRun } from '../cleanup/cleanup-run';
import { CLEANUP_JOB, MAINTENANCE_QUEUE, QUEUE_PREFIX, type CleanupJobData, type MaintenanceJobName } from '../queues';
import type { CleanupSchedule, JobCounts } from './cleanup-schedule';

/** Finished jobs BullMQ keeps (their results show in the admin routes); older ones are dropped. */
const KEPT_JOBS = { count: 100 };
/** How long a question to Redis may hold up an admin route, or a shutdown, before we answer without it. */
const REDIS_ANSWER_MS = 1000;
const CLOSE_MS = 5000;

/**
 * Reconnect quickly and forever: a cleanup that waits 20 s (BullMQ's default ceiling) after Redis
 * returns would miss ticks for nothing.
 */
const reconnectDelay = (attempt: number) => Math.min(attempt * 200, 2000);

/**
 * With Redis: one BullMQ job scheduler enqueues the cleanup once per interval cluster-wide, and
 * each process runs one worker (concurrency 1) that hands the job to the processor. Every
 * instance upserts the scheduler whenever its connection becomes ready (at start, and after Redis
 * comes back, possibly empty), which keeps one scheduler, not one per instance. BullMQ's own
 * connections (`maxRetriesPerRequest: null`, waiting out an outage) are separate from the
 * fail-fast client the rate limits use, and nothing at start-up waits for them: with Redis down
 * the gateway starts and serves; the worker reconnects and the next tick runs.
 */
export class BullmqSchedule implements CleanupSchedule {
  readonly mode = 'bullmq';
  private readonly queueClient: Redis;
  private readonly queue: Queue<CleanupJobData, StoredCleanupRun, MaintenanceJobName>;
  private readonly worker: Worker<CleanupJobData, StoredCleanupRun, MaintenanceJobName>;
  private redisDown = false;

  constructor(
    private readonly processor: CleanupProcessor,
    redisUrl: string,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {
    this.queueClient = new Redis(redisUrl, { maxRetriesPerRequest: null, connectionName: 'rapidauth-jobs', retryStrategy: reconnectDelay });
    this.queueClient.on('error', (error) => this.unavailable(error));
    this.queueClient.on('ready', () => void this.schedule());
    this.queue = new Queue(MAINTENANCE_QUEUE, { connection: this.queueClient, prefix: QUEUE_PREFIX });
    this.queue.on('error', (error) => this.unavailable(error));
    this.worker = new Worker(MAINTENANCE_QUEUE, () => this.process(), {
      connection: { url: redisUrl, maxRetriesPerRequest: null, connectionName: 'rapidauth-jobs-worker', retryStrategy: reconnectDelay },
      prefix: QUEUE_PREFIX,
      concurrency: 1,
      removeOnComplete: KEPT_JOBS,
      removeOnFail: KEPT_JOBS,
    });
    this.worker.on('error', (error) => this.unavailable(error));
  }

  async nextRunAt(): Promise<Date | null> {
    if (this.intervalMs === 0) return null;
    const scheduler = await this.askRedis(() => this.queue.getJobScheduler(CLEANUP_JOB));
    return scheduler?.next ? new Date(scheduler.next) : null;
  }

  async lastRun(): Promise<CleanupRun | null> {
    const [job] = (await this.askRedis(() => this.queue.getJobs(['completed'], 0, 0))) ?? [];
    const stored = job?.returnvalue as StoredCleanupRun | undefined;
    return stored?.finishedAt ? fromStored(stored) : null;
  }

  async jobCounts(): Promise<JobCounts | null> {
    const counts = await this.askRedis(() => this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'));
    return counts && { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
  }

  /** Closes the worker (waiting for its job, which the processor has already stopped), then the queue. */
  async stop(): Promise<void> {
    const closed = Promise.all([this.worker.close(), this.queue.close()]).then(() => this.queueClient.quit());
    // With Redis away a graceful close waits for a reconnect that may never come.
    const timedOut = await Promise.race([closed.then(() => false, () => true), sleep(CLOSE_MS).then(() => true)]);
    if (timedOut) {
      // Not awaited: BullMQ's disconnect first waits for a connection that never came up.
      void Promise.all([this.worker.disconnect(), this.queue.disconnect()]).catch(() => undefined);
      this.queueClient.disconnect();
    }
  }

  /** The cleanup job's handler: the same processor a POST runs (joining it when one is in progress). */
  private async process(): Promise<StoredCleanupRun> {
    const run = await this.processor.run();
    return { ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt.toISOString() };
  }

  /** One scheduler for the cluster: upserting the same interval keeps its next run; 0 removes it. */
  private async schedule(): Promise<void> {
    if (this.redisDown) this.log.info({ job: 'cleanup' }, 'Redis is back: cleanup schedule resumed');
    this.redisDown = false;
    try {
      if (this.intervalMs > 0) {
        await this.queue.upsertJobScheduler(CLEANUP_JOB, { every: this.intervalMs }, {
          name: CLEANUP_JOB,
          data: { trigger: 'schedule' },
          opts: { removeOnComplete: KEPT_JOBS, removeOnFail: KEPT_JOBS },
        });
      } else {
        await this.queue.removeJobScheduler(CLEANUP_JOB);
      }
    } catch (error) {
      this.unavailable(error);
    }
  }

  /** Logged once per outage: the clients retry every couple of seconds and would repeat it. */
  private unavailable(error: unknown): void {
    if (this.redisDown) return;
    this.redisDown = true;
    this.log.warn({ job: 'cleanup', err: error }, 'Redis unavailable: scheduled cleanup waits for it (the gateway is unaffected)');
  }

  /** A read from Redis for the admin routes, or null when Redis does not answer in time. */
  private async askRedis<T>(read: () => Promise<T>): Promise<T | null> {
    if (this.queueClient.status !== 'ready') return null;
    return Promise.race([read().catch(() => null), sleep(REDIS_ANSWER_MS).then(() => null)]);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
