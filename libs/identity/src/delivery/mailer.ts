import { Logger } from '@nestjs/common';
import type { MailConfig } from '@rapidauth/config';
import { createTransport } from 'nodemailer';
import { IdentityError } from '../identity.errors';
import type { MailTransport, OutgoingMail } from './outgoing-message';

export interface MailerOptions {
  /** Connection, greeting and socket inactivity limit (default 10 s). */
  readonly timeoutMs?: number;
  /** Extra CAs to trust for the server's certificate (tests with a CA of their own); the system's otherwise. */
  readonly ca?: string;
}

/**
 * Mail over SMTP through nodemailer's pooled transport. `smtp://` upgrades with STARTTLS whenever
 * the server offers it (RFC 3207) and `smtps://` starts in TLS (RFC 8314 §3.3); certificates are
 * always verified. The URL's user and password, percent-decoded, are the AUTH credentials.
 */
export class Mailer implements MailTransport {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport;

  constructor(private readonly config: MailConfig & { readonly smtpUrl: NonNullable<MailConfig['smtpUrl']> }, options: MailerOptions = {}) {
    const url = new URL(config.smtpUrl.reveal().toString('utf8'));
    const secure = url.protocol.toLowerCase() === 'smtps:';
    const timeout = options.timeoutMs ?? 10_000;
    this.transport = createTransport({
      pool: true,
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      tls: options.ca ? { ca: options.ca } : undefined,
      // nodemailer's own logger would print envelopes and message bodies.
      logger: false,
      debug: false,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.from,
        // An address object, not a string: nodemailer would read "a@x, b@y" as two recipients.
        to: { name: '', address: mail.to },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      this.logger.log(`mail sent ${info.messageId}`);
    } catch (error) {
      this.logger.warn(`mail not sent: ${describeFailure(error)}`);
      throw new IdentityError('DELIVERY_FAILED', 'the mail server refused the message or did not answer in time');
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** The failure's code and SMTP reply code only: nodemailer's messages can quote the recipient. */
function describeFailure(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const parts = [typeof code === 'string' ? code : 'error', typeof responseCode === 'number' ? `SMTP ${responseCode}` : undefined];
  return parts.filter(Boolean).join(', ');
}
