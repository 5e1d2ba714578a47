import { Logger } from '@nestjs/common';
import type { SmsConfig } from '@rapidauth/config';
import { IdentityError } from '../identity.errors';
import type { OutgoingSms, SmsTransport } from './outgoing-message';
import { escapeJsonString, renderTemplate } from './render-template';

export interface SmsSenderOptions {
  /** The whole request's limit, answer included (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * SMS through the operator's HTTP provider: one POST of SMS_PROVIDER_BODY_TEMPLATE with the
 * configured auth header; a 2xx answer means sent, anything else (a redirect too: it would carry the
 * credential elsewhere) means failed (docs/configuration.md, "Mail and SMS").
 */
export class SmsSender implements SmsTransport {
  private readonly logger = new Logger(SmsSender.name);

  constructor(
    private readonly config: SmsConfig,
    private readonly options: SmsSenderOptions = {},
  ) {}

  async send(sms: OutgoingSms): Promise<void> {
    const headers: Record<string, string> = { 'content-type': this.config.json ? 'application/json' : 'text/plain; charset=utf-8' };
    if (this.config.authHeader) headers[this.config.authHeader.name] = this.config.authHeader.value.reveal().toString('utf8');
    const body = renderTemplate(this.config.bodyTemplate, { to: sms.to, text: sms.text }, this.config.json ? escapeJsonString : undefined);
    let status: number;
    try {
      const response = await fetch(this.config.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (error) {
      this.logger.warn(`SMS not sent: ${error instanceof Error && error.name === 'TimeoutError' ? 'the provider did not answer in time' : 'the provider could not be reached'}`);
      throw failed();
    }
    if (status < 200 || status > 299) {
      this.logger.warn(`SMS not sent: the provider answered ${status}`);
      throw failed();
    }
    this.logger.log(`SMS sent (provider answered ${status})`);
  }
}

function failed(): IdentityError {
  return new IdentityError('DELIVERY_FAILED', 'the SMS provider refused the message or did not answer in time');
}
