import fc from 'fast-check';

export type Endpoint = '/oauth/token' | '/oauth/introspect' | '/oauth/revoke';
export const ENDPOINTS: readonly Endpoint[] = ['/oauth/token', '/oauth/introspect', '/oauth/revoke'];
export type Field = readonly [name: string, value: string];

/** The gateway's body limit (gatewayApp.bodyLimit '64kb'). */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** readParameters' limit on one parameter. */
export const MAX_PARAMETER_LENGTH = 4096;
/** RFC 8693's tokens may be longer (docs/gateway.md#token-exchange). */
const LONGER_PARAMETERS: Readonly<Record<string, number>> = { subject_token: 32_768, actor_token: 32_768 };

/** Whether the token endpoint refuses this parameter's value as too long. */
export function tooLong(name: string, value: string): boolean {
  return value.length > (LONGER_PARAMETERS[name] ?? MAX_PARAMETER_LENGTH);
}
/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
/** Multiplies every property's numRuns (FUZZ_SCALE=10 for a deeper run; the default fits in ~40 s). */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1) || 1;
export const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
/** Rows compared before and after the properties that send only invalid requests. */
export const TABLES = ['revocation_entry', 'refresh_token', 'refresh_token_family', 'authorization_code', 'signing_key', 'client', 'environment'];
/** Submitted values that must never come back. */
const SECRET_FIELDS = new Set(['client_secret', 'password']);

/** One HTTP request of a property. */
export interface Probe {
  readonly kind: string;
  readonly path: Endpoint;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Secrets submitted with the request (form values, Basic password and credentials). */
  readonly secrets: readonly string[];
  /** Everything else submitted: a secret that also appears here may legitimately come back. */
  readonly others: readonly string[];
}

export interface Exchange {
  readonly status: number;
  readonly contentType: string;
  readonly wwwAuthenticate: string | null;
  readonly cacheControl: string | null;
  readonly text: string;
}

/** Client credentials as a request carries them: a header, body fields, or both. */
export interface Credentials {
  readonly label: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fields: readonly Field[];
  readonly secrets: readonly string[];
  readonly others: readonly string[];
  /** The client id the server authenticates (Basic), for the client_id-in-body rule. */
  readonly basicId?: string;
}

// Building requests

export const b64 = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');
export const b64url = (text: string | Uint8Array) => Buffer.from(text).toString('base64url');

/** encodeURIComponent, with lone surrogates as U+FFFD (as URLSearchParams and fetch send them). */
export const encode = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/** RFC 6749 §2.3.1 client_secret_basic, done right. */
export function basicCredentials(id: string, secret: string, label = 'basic'): Credentials {
  const blob = b64(`${encode(id)}:${encode(secret)}`);
  return { label, headers: { authorization: `Basic ${blob}` }, fields: [], secrets: [secret, blob], others: [id], basicId: id };
}

export function postCredentials(id: string, secret: string, label = 'post'): Credentials {
  return { label, headers: {}, fields: [['client_id', id], ['client_secret', secret]], secrets: [secret], others: [id] };
}

export const noCredentials: Credentials = { label: 'none', headers: {}, fields: [], secrets: [], others: [] };

export function encodeForm(fields: readonly Field[], raw = false): string {
  if (raw) return fields.map(([name, value]) => `${name}=${value}`).join('&');
  const form = new URLSearchParams();
  for (const [name, value] of fields) form.append(name, value);
  return form.toString();
}

/** The fields as the server's form parser sees them (qs drops `__proto__` and nameless pairs). */
export function serverView(body: string): Field[] {
  return [...new URLSearchParams(body)].filter(([name]) => name !== '' && name !== '__proto__');
}

export function formProbe(
  kind: string,
  path: Endpoint,
  fields: readonly Field[],
  credentials: Credentials,
  options: { raw?: boolean; contentType?: string | null; extraHeaders?: Record<string, string> } = {},
): Probe {
  const all = [...credentials.fields, ...fields];
  const contentType = options.contentType === undefined ? 'application/x-www-form-urlencoded' : options.contentType;
  const headers: Record<string, string> = { ...credentials.headers, ...options.extraHeaders };
  if (contentType !== null) headers['content-type'] = contentType;
  const body = encodeForm(all, options.raw);
  return {
    kind: `${kind} (${credentials.label}${options.raw ? ', raw' : ''})`,
    path,
    headers,
    // A Buffer: fetch adds no content-type of its own.
    body: Buffer.from(body, 'utf8'),
    ...secretsOf(all, credentials, headers),
  };
}

export function secretsOf(fields: readonly Field[], credentials: Credentials, headers: Record<string, string>) {
  const secrets = [...credentials.secrets, ...fields.filter(([name]) => SECRET_FIELDS.has(name)).map(([, value]) => value)];
  const others = [
    ...credentials.others,
    ...fields.flatMap(([name, value]) => (SECRET_FIELDS.has(name) ? [name] : [name, value])),
    ...Object.entries(headers)
      .filter(([name]) => name !== 'authorization')
      .map(([, value]) => value),
  ];
  return { secrets, others };
}

/** Truncates long strings in fast-check's counterexample output. */
export function printable(probe: Probe): Probe & fc.WithToStringMethod {
  const short = (value: string) => (value.length > 240 ? `${JSON.stringify(value.slice(0, 120))}…(${value.length} chars)` : JSON.stringify(value));
  return Object.assign(probe, {
    [fc.toStringMethod]: () => {
      const body =
        probe.body === undefined
          ? 'none'
          : typeof probe.body === 'string'
            ? short(probe.body)
            : `${short(Buffer.from(probe.body).toString('latin1'))} (${probe.body.length} bytes, shown as latin1)`;
      const headers = Object.entries(probe.headers)
        .map(([name, value]) => `${name}: ${short(value)}`)
        .join('; ');
      return `${probe.kind} POST ${probe.path} [${headers}] body=${body}`;
    },
  });
}
