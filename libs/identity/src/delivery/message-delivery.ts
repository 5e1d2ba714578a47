import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { normalizeEmail } from '../addresses/email-address';
import { normalizePhoneNumber } from '../addresses/phone-number';
import { IdentityError } from '../identity.errors';
import { MAIL_TRANSPORT, SMS_TRANSPORT, type MailTransport, type SmsTransport } from './outgoing-message';
import { escapeHtml, renderTemplate, type MessageVars } from './render-template';

/** An environment's mail template (docs/admin-api.md, identity methods: templates). */
export interface EmailTemplate {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * What the logins call to send a code or a link: renders the environment's template with the
 * message's values (HTML-escaped in the HTML part) and hands it to the transport in use. A refusal
 * or timeout is DELIVERY_FAILED; no transport (production without one) is DELIVERY_FAILED too,
 * though DELIVERY_AVAILABILITY keeps such a method from being enabled at all.
 */
@Injectable()
export class MessageDelivery implements OnApplicationShutdown {
  constructor(
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport | null,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport | null,
  ) {}

  async sendEmail(to: string, template: EmailTemplate, vars: MessageVars): Promise<void> {
    const address = normalizeEmail(to);
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

  async onApplicationShutdown(): Promise<void> {
    await this.mail?.close?.();
  }
}
