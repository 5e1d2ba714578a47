import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UpstreamValidation, type ValidationRun } from '@rapidauth/oauth';

/** About every 30 s; each wait drawn from 24–36 s, so instances started together do not stay in step. */
const INTERVAL_MS = 30_000;
const JITTER = 0.2;

/**
 * Runs the upstream validation (docs/gateway.md#upstream-refresh) in the gateway process: one run
 * at a time, the next a jittered interval after the last ended (the first one interval after
 * start). Several instances each run it; the refresh lease splits the logins between them. The
 * timer does not keep the process alive; shutdown stops it between batches and waits for the run
 * before the database closes.
 */
@Injectable()
export class UpstreamValidationTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UpstreamValidation');
  private readonly stopping = new AbortController();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly validation: UpstreamValidation) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopping.signal.aborted) return;
    const wait = INTERVAL_MS * (1 - JITTER + 2 * JITTER * Math.random());
    this.timer = setTimeout(() => {
      this.running = this.run().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, wait).unref();
  }

  private async run(): Promise<void> {
    const started = Date.now();
    try {
      const run = await this.validation.runOnce(new Date(), undefined, this.stopping.signal);
      if (checked(run) > 0) this.logger.log(`upstream validation: ${summary(run)} in ${Date.now() - started} ms`);
    } catch (error) {
      this.logger.warn(`upstream validation failed, retrying at the next run: ${(error as Error).message}`);
    }
  }
}

function checked(run: ValidationRun): number {
  return run.refreshed + run.confirmed + run.revoked + run.unavailable + run.failed;
}

function summary(run: ValidationRun): string {
  const counts = `${run.refreshed} refreshed, ${run.confirmed} confirmed, ${run.revoked} revoked, ${run.unavailable} unavailable, ${run.skipped} skipped`;
  return run.failed > 0 ? `${counts}, ${run.failed} failed (${run.firstError})` : counts;
}
