import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { DISABLED_METRICS, METRICS, type Metrics } from '@rapidauth/observability';
import { normalizeEmail } from '../addresses/email-address';
import { normalizePhoneNumber } from '../addresses/phone-number';
import { IdentityError } from '../identity.errors';
import { MAIL_TRANSPORT, SMS_TRANSPORT, type MailTransport, type SmsTransport } from './outgoing-message';
import { escapeHtml, renderTemplate, type MessageVars } from './render-template';
import { SendsAfterAnswer } from './sends-after-answer';

/** An environment's mail template (docs/admin-api.md, identity methods: templates). */
export interface EmailTemplate {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A mail sent after the answer: what its failure undoes, and the code's purpose it is counted under. */
export interface MailAfterAnswer {
  readonly purpose: string;
  /** Read after the answer too: the answer waits on nothing a known address costs more. */
  readonly vars: () => Promise<MessageVars>;
  /** The code voided: a code whose mail was not sent never works. */
  readonly onFailure: () => Promise<void>;
}

/**
 * What the logins call to send a code or a link: renders the environment's template with the
 * message's values (HTML-escaped in the HTML part) and hands it to the transport in use. A refusal
 * or timeout is DELIVERY_FAILED; no transport (production without one) is DELIVERY_FAILED too,
 * though DELIVERY_AVAILABILITY keeps such a method from being enabled at all.
 *
 * A caller picks when: `sendEmail` delivers before the caller answers (its failure is the caller's
 * 503), `sendEmailAfterAnswer` once it has answered (a failure voids the code, logged and counted).
 */
@Injectable()
export class MessageDelivery implements OnApplicationShutdown {
  private readonly afterAnswer: SendsAfterAnswer;

  constructor(
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport | null,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport | null,
    @Optional() @Inject(METRICS) metrics: Metrics = DISABLED_METRICS,
  ) {
    this.afterAnswer = new SendsAfterAnswer(metrics);
  }

  async sendEmail(to: string, template: EmailTemplate, vars: MessageVars): Promise<void> {
    await this.deliverEmail(normalizeEmail(to), template, vars);
  }

  /**
   * Starts the mail and returns at once, so that the answer does not wait on the mail server: an
   * address that has an account and one that has none answer alike (docs/security.md#one-time-codes).
   */
  sendEmailAfterAnswer(to: string, template: EmailTemplate, mail: MailAfterAnswer): void {
    const address = normalizeEmail(to);
    this.afterAnswer.start({
      channel: 'email',
      purpose: mail.purpose,
      send: async () => this.deliverEmail(address, template, await mail.vars()),
      onFailure: mail.onFailure,
    });
  }

  private async deliverEmail(address: string, template: EmailTemplate, vars: MessageVars): Promise<void> {
    if (!this.mail) throw new IdentityError('DELIVERY_FAILED', 'no mail transport is configured (SMTP_URL)');
    await this.mail.send({
      to: address,
      // A header: a line break in an administrator's subject must not start another one.
      subject: renderTemplate(template.subject, vars).replace(/[\r\n]+/g, ' '),
      text: renderTemplate(template.text, vars),
      html: template.html ? renderTemplate(template.html, vars, escapeHtml) : undefined,
    });
  }

  async sendSms(to: string, text: string, vars: MessageVars): Promise<void> {
    const number = normalizePhoneNumber(to);
    if (!this.sms) throw new IdentityError('DELIVERY_FAILED', 'no SMS transport is configured (SMS_PROVIDER_URL)');
    await this.sms.send({ to: number, text: renderTemplate(text, vars) });
  }

  /** After the HTTP server has closed (no request can start a send): the sends in flight end before the pool closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.afterAnswer.settle();
    await this.mail?.close?.();
  }
}
