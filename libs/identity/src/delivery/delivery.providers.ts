import { Logger, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { ConsoleMailOutbox, ConsoleSmsOutbox } from './console-outbox';
import { DELIVERY_AVAILABILITY, type DeliveryAvailability } from './delivery-availability';
import { Mailer } from './mailer';
import { MessageDelivery } from './message-delivery';
import { MAIL_TRANSPORT, SMS_TRANSPORT, type MailTransport, type SmsTransport } from './outgoing-message';
import { SmsSender } from './sms-sender';

const logger = new Logger('MessageDelivery');
// The gateway and the admin API can share one process and one configuration: say it once.
const announced = new WeakSet<AppConfig>();

/** SMTP_URL's server; else, outside production, the console outbox; else none. */
export function mailTransportFor(config: AppConfig): MailTransport | null {
  if (config.mail.smtpUrl) return new Mailer({ ...config.mail, smtpUrl: config.mail.smtpUrl });
  return config.production ? null : new ConsoleMailOutbox();
}

/** SMS_PROVIDER_URL's provider; else, outside production, the console outbox; else none. */
export function smsTransportFor(config: AppConfig): SmsTransport | null {
  if (config.sms) return new SmsSender(config.sms);
  return config.production ? null : new ConsoleSmsOutbox();
}

/** The start-up lines saying where messages go when a transport is missing (never the messages). */
export function announceDelivery(config: AppConfig): void {
  if (announced.has(config)) return;
  announced.add(config);
  if (!config.mail.smtpUrl) {
    if (config.production) logger.warn('no SMTP_URL: the email methods cannot be enabled in production');
    else logger.log('no SMTP_URL: mail goes to the console outbox');
  }
  if (!config.sms) {
    if (config.production) logger.warn('no SMS_PROVIDER_URL: the phone method cannot be enabled in production');
    else logger.log('no SMS_PROVIDER_URL: SMS go to the console outbox');
  }
}

/** IdentityModule's delivery providers: the transports, DELIVERY_AVAILABILITY and MessageDelivery. */
export const DELIVERY_PROVIDERS: Provider[] = [
  {
    provide: MAIL_TRANSPORT,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => {
      announceDelivery(config);
      return mailTransportFor(config);
    },
  },
  { provide: SMS_TRANSPORT, inject: [APP_CONFIG], useFactory: smsTransportFor },
  {
    provide: DELIVERY_AVAILABILITY,
    inject: [MAIL_TRANSPORT, SMS_TRANSPORT],
    useFactory: (mail: MailTransport | null, sms: SmsTransport | null): DeliveryAvailability => ({
      email: () => mail !== null,
      sms: () => sms !== null,
    }),
  },
  MessageDelivery,
];
