/** One mail ready to send; `to` is a single, already normalised address. Its parts hold codes: never logged. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** One SMS ready to send; `to` is E.164. Its text holds a code: never logged. */
export interface OutgoingSms {
  readonly to: string;
  readonly text: string;
}

/** Sends mail; a refusal or timeout is an IdentityError DELIVERY_FAILED. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close?(): Promise<void>;
}

/** Sends SMS; a refusal or timeout is an IdentityError DELIVERY_FAILED. */
export interface SmsTransport {
  send(sms: OutgoingSms): Promise<void>;
}

/** Injection tokens of the transports in use; `null` when the method has none (production without one). */
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
export const SMS_TRANSPORT = Symbol('SMS_TRANSPORT');
