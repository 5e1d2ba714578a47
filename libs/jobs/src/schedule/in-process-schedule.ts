import type { CleanupProcessor } from '../cleanup/cleanup-processor';
import type { CleanupSchedule } from './cleanup-schedule';

/**
 * Without Redis: the processor on a timer in this process, first one interval after start, the
 * next one interval after the previous run ends (so runs never overlap). Unref'd: it never keeps
 * the process alive. Instances sharing one PostgreSQL each run it; SKIP LOCKED splits the work.
 */
export class InProcessSchedule implements CleanupSchedule {
  readonly mode = 'in-process';
  private timer: NodeJS.Timeout | undefined;
  private dueAt: Date | null = null;
  private stopped = false;

  constructor(
    private readonly processor: CleanupProcessor,
    private readonly intervalMs: number,
  ) {
    if (intervalMs > 0) this.arm();
  }

  async nextRunAt(): Promise<Date | null> {
    return this.dueAt;
  }

  async lastRun(): Promise<null> {
    return null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.dueAt = null;
    clearTimeout(this.timer);
  }

  private arm(): void {
    this.dueAt = new Date(Date.now() + this.intervalMs);
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.dueAt = null;
    await this.processor.run();
    if (!this.stopped) this.arm();
  }
}
