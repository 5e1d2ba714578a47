import { Logger } from '@nestjs/common';
import { DISABLED_METRICS, type DeliveryChannel, type Metrics } from '@rapidauth/observability';
import { DomainError } from '@rapidauth/errors';

/** How long a shutdown waits for the sends in flight: the transports' own limit (Mailer, SmsSender). */
export const SHUTDOWN_WAIT_MS = 10_000;

/** What a send after the answer is, as its failure line and metric name it (never the address). */
export interface SendAfterAnswer {
  readonly channel: DeliveryChannel;
  /** The code's purpose (`email-login`, `password-reset`…). */
  readonly purpose: string;
  readonly send: () => Promise<void>;
  /** What a failure undoes (the code voided); it runs before the failure is logged. */
  readonly onFailure: () => Promise<void>;
}

/**
 * Messages sent once their request has been answered (docs/security.md#one-time-codes): the answer
 * must not wait on the mail server, or its timing would tell a known address from an unknown one.
 * They run in this process only (a queue would store the code in clear) and a shutdown awaits
 * them, bounded, before the database closes.
 */
export class SendsAfterAnswer {
  private readonly logger = new Logger('MessageDelivery');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly metrics: Metrics = DISABLED_METRICS) {}

  /** Starts the send and returns at once; a failure is handled here and never reaches the caller. */
  start(job: SendAfterAnswer): void {
    const running = this.run(job);
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
  }

  /** Resolves once every send in flight has finished, or after `timeoutMs`, whichever comes first. */
  async settle(timeoutMs = SHUTDOWN_WAIT_MS): Promise<void> {
    if (this.inFlight.size === 0) return;
    this.logger.log({ event: 'delivery_draining', pending: this.inFlight.size }, `waiting for ${this.inFlight.size} message(s) being sent`);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([Promise.allSettled([...this.inFlight]), waited]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn({ event: 'delivery_abandoned', pending: this.inFlight.size }, `shutting down with ${this.inFlight.size} message(s) still being sent`);
  }

  private async run(job: SendAfterAnswer): Promise<void> {
    try {
      await job.send();
    } catch (error) {
      const undone = await job.onFailure().then(
        () => true,
        () => false,
      );
      this.metrics.deliveryFailure(job.channel, job.purpose);
      // The class or catalogue code only: a transport's message can quote the recipient.
      this.logger.warn(
        { event: 'delivery_failed', channel: job.channel, purpose: job.purpose, error: errorClass(error), codeVoided: undone },
        'a message sent after its answer was not delivered',
      );
    }
  }
}

function errorClass(error: unknown): string {
  if (error instanceof DomainError) return error.code;
  return error instanceof Error ? error.name : typeof error;
}
