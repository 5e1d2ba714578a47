import { InvalidValue, parseUrlWithScheme } from './env-parsers';
import { SecretValue } from './secret-value';

/** Where mail goes: an SMTP server, or (outside production) the console outbox when `smtpUrl` is unset. */
export interface MailConfig {
  /** `SMTP_URL`: may carry the server's user and password, so it is a secret and never logged. */
  readonly smtpUrl?: SecretValue;
  /** `MAIL_FROM`, the From mailbox: `Name <address>` or a bare address. */
  readonly from: string;
}

/** The HTTP SMS provider messages are POSTed to (docs/configuration.md, "Mail and SMS"). */
export interface SmsConfig {
  readonly url: string;
  /** `SMS_PROVIDER_AUTH_HEADER`, one header; its value is a credential. */
  readonly authHeader?: { readonly name: string; readonly value: SecretValue };
  /** `SMS_PROVIDER_BODY_TEMPLATE` with `{{to}}` and `{{text}}`. */
  readonly bodyTemplate: string;
  /** The template parsed as JSON: values are JSON-escaped into it and it is sent as application/json; else text/plain. */
  readonly json: boolean;
}

export const DEFAULT_MAIL_FROM = 'RapidAuth <no-reply@localhost>';
export const DEFAULT_SMS_BODY_TEMPLATE = '{"to":"{{to}}","text":"{{text}}"}';
const SMS_PLACEHOLDERS = ['to', 'text'];

type Read = <T>(name: string, parse: (raw: string) => T) => T | undefined;

/** The mail and SMS variables; problems go to `problems`, one line each, naming the variable. */
export function loadDeliveryConfig(read: Read, env: NodeJS.ProcessEnv, problems: string[]): { mail: MailConfig; sms?: SmsConfig } {
  const smtpUrl = read('SMTP_URL', parseSmtpUrl);
  const from = read('MAIL_FROM', parseMailbox) ?? DEFAULT_MAIL_FROM;
  const smsUrl = read('SMS_PROVIDER_URL', parseSmsProviderUrl);
  const authHeader = read('SMS_PROVIDER_AUTH_HEADER', parseHeaderLine);
  const template = read('SMS_PROVIDER_BODY_TEMPLATE', parseBodyTemplate);
  if (!env.SMS_PROVIDER_URL) {
    for (const name of ['SMS_PROVIDER_AUTH_HEADER', 'SMS_PROVIDER_BODY_TEMPLATE']) {
      if (env[name]) problems.push(`${name}: set SMS_PROVIDER_URL too (the provider it is for)`);
    }
  }
  const mail = Object.freeze({ smtpUrl: smtpUrl === undefined ? undefined : new SecretValue(Buffer.from(smtpUrl, 'utf8')), from });
  if (!smsUrl) return { mail };
  const bodyTemplate = template ?? { text: DEFAULT_SMS_BODY_TEMPLATE, json: true };
  return {
    mail,
    sms: Object.freeze({
      url: smsUrl,
      authHeader: authHeader && Object.freeze({ name: authHeader.name, value: new SecretValue(Buffer.from(authHeader.value, 'utf8')) }),
      bodyTemplate: bodyTemplate.text,
      json: bodyTemplate.json,
    }),
  };
}

const smtpScheme = parseUrlWithScheme(['smtp', 'smtps'], 'smtp://user:password@mail.example.com:587');

/** `smtp://[user:pass@]host[:port]` or `smtps://…`; the message never repeats the value (it may hold a password). */
export function parseSmtpUrl(raw: string): string {
  smtpScheme(raw);
  const url = new URL(raw);
  if (url.search || url.hash) throw new InvalidValue('must not carry a query or fragment (only scheme, credentials, host and port)');
  if (url.pathname && url.pathname !== '/') throw new InvalidValue('must not carry a path (only scheme, credentials, host and port)');
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw new InvalidValue('user and password must be percent-encoded (e.g. @ as %40)');
  }
  return raw;
}

/** An absolute http(s) URL; credentials belong in SMS_PROVIDER_AUTH_HEADER, not in the URL. */
export function parseSmsProviderUrl(raw: string): string {
  parseUrlWithScheme(['http', 'https'], 'https://sms.example.com/messages')(raw);
  const url = new URL(raw);
  if (url.username || url.password) throw new InvalidValue('must not carry credentials (use SMS_PROVIDER_AUTH_HEADER)');
  if (url.hash) throw new InvalidValue('must not carry a fragment');
  return url.href;
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const ADDRESS = new RegExp(`^${ATOM}(\\.${ATOM})*@[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$`);
const DISPLAY_NAME = /^(?:"[^"\\\r\n]*"|[^"<>@,;:\\\r\n\x00-\x1f]*)$/;

/** An RFC 5322 mailbox in the common forms: `addr@domain` or `Display Name <addr@domain>`. */
export function parseMailbox(raw: string): string {
  const value = raw.trim();
  const bracketed = /^(.*)<([^<>]*)>$/.exec(value);
  const address = bracketed ? bracketed[2] : value;
  const name = bracketed ? bracketed[1].trim() : '';
  if (!ADDRESS.test(address) || address.length > 254 || !DISPLAY_NAME.test(name)) {
    throw new InvalidValue('must be a mailbox such as "RapidAuth <no-reply@example.com>" or no-reply@example.com');
  }
  return value;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** One HTTP header, `Name: value` (RFC 9110 §5); control characters (CR and LF above all) are refused so nothing can be injected. */
export function parseHeaderLine(raw: string): { name: string; value: string } {
  const expected = 'must be one header, "Name: value", such as "Authorization: Bearer …"';
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(raw)) throw new InvalidValue(`${expected}, without line breaks or control characters`);
  const separator = raw.indexOf(':');
  if (separator <= 0) throw new InvalidValue(expected);
  const name = raw.slice(0, separator).trim();
  const value = raw.slice(separator + 1).trim();
  if (!HEADER_NAME.test(name) || !value) throw new InvalidValue(expected);
  if (/^(content-type|content-length|host|transfer-encoding|connection)$/i.test(name)) {
    throw new InvalidValue(`must not set ${name} (the gateway sets it)`);
  }
  return { name, value };
}

/**
 * The request body with `{{to}}` and `{{text}}`. A template that starts like JSON must parse as JSON
 * (then the placeholders sit inside strings and values are JSON-escaped into them); any other is plain text.
 */
export function parseBodyTemplate(raw: string): { text: string; json: boolean } {
  const unknown = [...raw.matchAll(/\{\{([^{}]*)\}\}/g)].map((match) => match[1]).find((name) => !SMS_PLACEHOLDERS.includes(name));
  if (unknown !== undefined) throw new InvalidValue(`unknown placeholder {{${unknown}}} (only {{to}} and {{text}})`);
  if (!raw.includes('{{text}}')) throw new InvalidValue('must contain {{text}} (the message)');
  // `{{text}}` alone starts with a brace too, but a placeholder is not JSON.
  if (!/^\s*(\{(?!\{)|\[|")/.test(raw)) return { text: raw, json: false };
  try {
    JSON.parse(raw);
  } catch {
    throw new InvalidValue('starts like JSON but is not valid JSON (placeholders go inside strings: {"to":"{{to}}","text":"{{text}}"})');
  }
  return { text: raw, json: true };
}
