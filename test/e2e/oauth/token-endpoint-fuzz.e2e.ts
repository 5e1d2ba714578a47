import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { createScratchDatabase, testRedisUrl, type ScratchDatabase } from '@rapidauth/testing';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { createTenant } from '../../support/tenant';

/**
 * Property tests (fast-check) over the form bodies and headers of POST /oauth/token,
 * /oauth/introspect and /oauth/revoke, against a gateway started in this process
 * (PRODUCT.md quality bars: "No 500 for any malformed input; every rejection has a clear error
 * and changes nothing"; secrets are never sent back).
 *
 * Every rejection must be a 4xx whose body is JSON with string `error`, `error_description` and
 * `code`; 200 only for a valid request; no submitted secret (client_secret, password, the
 * password or the whole credentials of a Basic header) in any response body; and after the
 * properties that send only invalid requests, the rows of the token and client tables are exactly
 * as before. Each property covers one family of inputs, so that one bug does not hide another.
 * fast-check prints the seed and the shrunk counterexample of a failure; replay it with
 * `{ seed, path }` added to that property's fc.assert options. FUZZ_SCALE=10 runs ten times as
 * many cases.
 */

type Endpoint = '/oauth/token' | '/oauth/introspect' | '/oauth/revoke';
const ENDPOINTS: readonly Endpoint[] = ['/oauth/token', '/oauth/introspect', '/oauth/revoke'];
type Field = readonly [name: string, value: string];

/** The gateway's body limit (gatewayApp.bodyLimit '64kb'). */
const BODY_LIMIT_BYTES = 64 * 1024;
/** readParameters' limit on one parameter. */
const MAX_PARAMETER_LENGTH = 4096;
/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
/** Multiplies every property's numRuns (FUZZ_SCALE=10 for a deeper run; the default fits in ~40 s). */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
/** Rows compared before and after the properties that send only invalid requests. */
const TABLES = ['revocation_entry', 'refresh_token', 'refresh_token_family', 'authorization_code', 'signing_key', 'client', 'environment'];
/** Submitted values that must never come back. */
const SECRET_FIELDS = new Set(['client_secret', 'password']);

/** One HTTP request of a property. */
interface Probe {
  readonly kind: string;
  readonly path: Endpoint;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Secrets submitted with the request (form values, Basic password and credentials). */
  readonly secrets: readonly string[];
  /** Everything else submitted: a secret that also appears here may legitimately come back. */
  readonly others: readonly string[];
}

interface Exchange {
  readonly status: number;
  readonly contentType: string;
  readonly wwwAuthenticate: string | null;
  readonly cacheControl: string | null;
  readonly text: string;
}

/** Client credentials as a request carries them: a header, body fields, or both. */
interface Credentials {
  readonly label: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fields: readonly Field[];
  readonly secrets: readonly string[];
  readonly others: readonly string[];
  /** The client id the server authenticates (Basic), for the client_id-in-body rule. */
  readonly basicId?: string;
}

// ---------------------------------------------------------------------------------------------
// Building requests

const b64 = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');
const b64url = (text: string | Uint8Array) => Buffer.from(text).toString('base64url');

/** encodeURIComponent, with lone surrogates as U+FFFD (as URLSearchParams and fetch send them). */
const encode = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/** RFC 6749 §2.3.1 client_secret_basic, done right. */
function basicCredentials(id: string, secret: string, label = 'basic'): Credentials {
  const blob = b64(`${encode(id)}:${encode(secret)}`);
  return { label, headers: { authorization: `Basic ${blob}` }, fields: [], secrets: [secret, blob], others: [id], basicId: id };
}

function postCredentials(id: string, secret: string, label = 'post'): Credentials {
  return { label, headers: {}, fields: [['client_id', id], ['client_secret', secret]], secrets: [secret], others: [id] };
}

const noCredentials: Credentials = { label: 'none', headers: {}, fields: [], secrets: [], others: [] };

function encodeForm(fields: readonly Field[], raw = false): string {
  if (raw) return fields.map(([name, value]) => `${name}=${value}`).join('&');
  const form = new URLSearchParams();
  for (const [name, value] of fields) form.append(name, value);
  return form.toString();
}

/** The fields as the server's form parser sees them (qs drops `__proto__` and nameless pairs). */
function serverView(body: string): Field[] {
  return [...new URLSearchParams(body)].filter(([name]) => name !== '' && name !== '__proto__');
}

function formProbe(
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

function secretsOf(fields: readonly Field[], credentials: Credentials, headers: Record<string, string>) {
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

// ---------------------------------------------------------------------------------------------
// Checking answers

function fail(probe: Probe, exchange: Exchange, reason: string): never {
  const text = exchange.text.length > 400 ? `${exchange.text.slice(0, 400)}…` : exchange.text;
  throw new Error(`${probe.kind} ${probe.path}: ${reason}\n  answered ${exchange.status} (${exchange.contentType || 'no content-type'}): ${text}`);
}

function parseJson(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.text);
  } catch {
    return undefined;
  }
}

/** Fixed texts of the gateway's answers: a submitted value that happens to be part of one is not an echo. */
const SERVER_VOCABULARY = [
  'this grant_type is not supported (discovery lists grant_types_supported)',
  'client authentication failed',
  'client authentication is required',
  'wrong username or password',
];

/** No secret of the probe in the body, raw or JSON-escaped (unless it was also sent as something else). */
function checkNoEcho(probe: Probe, exchange: Exchange): void {
  for (const secret of probe.secrets) {
    if (secret.length < 8 || probe.others.some((other) => other.includes(secret))) continue;
    if (SERVER_VOCABULARY.some((word) => word.includes(secret))) continue;
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (exchange.text.includes(secret) || exchange.text.includes(escaped)) fail(probe, exchange, `echoes the secret ${JSON.stringify(secret)}`);
  }
}

/** Never 5xx; a 4xx is RFC 6749 JSON with our `code`; no secret comes back. */
function checkWellFormed(probe: Probe, exchange: Exchange): Record<string, unknown> | undefined {
  if (exchange.status >= 500) fail(probe, exchange, 'server error');
  checkNoEcho(probe, exchange);
  if (exchange.status < 400) return undefined;
  if (!/^application\/json\b/.test(exchange.contentType)) fail(probe, exchange, 'error is not JSON');
  const body = parseJson(exchange) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail(probe, exchange, 'error body is not a JSON object');
  for (const name of ['error', 'error_description', 'code']) {
    if (typeof body[name] !== 'string' || body[name] === '') fail(probe, exchange, `error body has no string ${name}`);
  }
  if (exchange.status === 413 && body.code !== 'REQUEST_TOO_LARGE') fail(probe, exchange, '413 without code REQUEST_TOO_LARGE');
  return body;
}

/** For requests that cannot be valid: a clean 4xx. */
function checkRejected(probe: Probe, exchange: Exchange): Record<string, unknown> {
  const body = checkWellFormed(probe, exchange);
  if (exchange.status < 400 || !body) fail(probe, exchange, 'accepted an invalid request');
  return body;
}

function expectError(probe: Probe, exchange: Exchange, status: number, errors: readonly string[]): Record<string, unknown> {
  const body = checkRejected(probe, exchange);
  if (exchange.status !== status || !errors.includes(body.error as string)) {
    fail(probe, exchange, `expected ${status} ${errors.join(' or ')}`);
  }
  return body;
}

/** A body over the limit is refused before anything reads it: 413 REQUEST_TOO_LARGE. */
function checkedTooLarge(probe: Probe, exchange: Exchange): boolean {
  if (probe.body === undefined || Buffer.byteLength(probe.body) <= BODY_LIMIT_BYTES) return false;
  const body = expectError(probe, exchange, 413, ['invalid_request']);
  if (body.code !== 'REQUEST_TOO_LARGE') fail(probe, exchange, 'expected code REQUEST_TOO_LARGE');
  return true;
}

/** RFC 6749 §5.1. */
function checkTokenResponse(probe: Probe, exchange: Exchange, scope?: readonly string[]): void {
  checkWellFormed(probe, exchange);
  if (exchange.status !== 200) fail(probe, exchange, 'expected 200');
  const body = parseJson(exchange) as Record<string, unknown> | undefined;
  if (!body || typeof body.access_token !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(body.access_token)) {
    fail(probe, exchange, 'no access_token');
  }
  if (body.token_type !== 'Bearer') fail(probe, exchange, 'token_type is not "Bearer"');
  if (typeof body.expires_in !== 'number' || !(body.expires_in > 0)) fail(probe, exchange, 'no positive expires_in');
  if (body.refresh_token !== undefined) fail(probe, exchange, 'client_credentials issued a refresh token');
  if (exchange.cacheControl !== 'no-store') fail(probe, exchange, 'token response without Cache-Control: no-store');
  if (scope) {
    const granted = typeof body.scope === 'string' ? body.scope.split(' ') : [];
    if (granted.join(' ') !== scope.join(' ')) fail(probe, exchange, `granted scope "${granted.join(' ')}", requested "${scope.join(' ')}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries that need nothing from the running gateway

const controlChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\x7f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b', '\u202e', '\ufffd'),
);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const formSyntax = fc.constantFrom('%', '&', '=', '+', ';', ' ', '"', '\\', ':', '[', ']', '.', '#', '?', '/');
const printableChar = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 });
const percentJunk = fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%00', '%FF%FE', '%%41', '%u0041', '%2', '+%2B+', '%0D%0A');

/** Text with a control character (NUL, CR LF, DEL…) somewhere inside. */
const withControl = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', '\u0001', '\u001b', '\u001f', '\u007f', '\r\n', '\t', '\u0085', '\u2028'), fc.string({ maxLength: 12 }))
  .map((parts) => parts.join(''));

/** Short strings of every kind: ASCII, unicode graphemes, any code point, control characters, lone surrogates. */
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({ unit: fc.oneof(controlChar, loneSurrogate, formSyntax, percentJunk, printableChar), maxLength }),
    withControl,
  );

/** A value of `min`..`max` characters, built by repetition (fast to generate and to shrink). */
const longText = (min: number, max: number) =>
  fc
    .tuple(fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })), fc.integer({ min, max }))
    .map(([seed, length]) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length));

const KNOWN_NAMES = [
  'grant_type',
  'client_id',
  'client_secret',
  'scope',
  'token',
  'token_type_hint',
  'refresh_token',
  'code',
  'redirect_uri',
  'code_verifier',
  'username',
  'password',
  'assertion',
  'audience',
  'resource',
];
const TRICKY_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'a[b]', 'a[]', '[]', 'a.b', '', ' ', 'grant_type ', 'GRANT_TYPE', 'grant%5Ftype', 'client_id[]', 'scope[0]'];
const GRANT_TYPES = ['client_credentials', 'authorization_code', 'refresh_token', 'password', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:device_code', 'implicit', 'CLIENT_CREDENTIALS', 'client_credentials ', ' client_credentials'];

const fieldName = fc.oneof({ arbitrary: fc.constantFrom(...KNOWN_NAMES), weight: 4 }, { arbitrary: fc.constantFrom(...TRICKY_NAMES), weight: 2 }, { arbitrary: anyText(24), weight: 3 });

const fieldValue = fc.oneof(
  { arbitrary: fc.constant(''), weight: 2 },
  { arbitrary: anyText(40), weight: 10 },
  { arbitrary: fc.constantFrom(...GRANT_TYPES), weight: 2 },
  { arbitrary: percentJunk, weight: 2 },
  { arbitrary: longText(MAX_PARAMETER_LENGTH - 8, MAX_PARAMETER_LENGTH + 8), weight: 1 },
  { arbitrary: longText(MAX_PARAMETER_LENGTH, 72 * 1024), weight: 1 },
);

const randomFields = fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 8 });

/** Printable header text (fetch refuses CR, LF, NUL and anything above U+00FF). */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.oneof(printableChar, fc.constantFrom('\t', ' ', ';', ',', '=', '"', '%'), fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c))), maxLength });
/** Other headers the gateway reads: cookies (cookie-parser), X-Forwarded-For (trust proxy), Accept. */
const extraHeaders = fc.record(
  {
    cookie: fc.oneof(headerText(200), fc.constantFrom('a=%ZZ', '=', ';;;', 'j:{', 's:x.y', '__proto__=1', 'a="b')),
    'x-forwarded-for': fc.oneof(headerText(60), fc.constantFrom('1.2.3.4, ::1', '999.999.999.999', 'unknown', ',,,', '::ffff:127.0.0.1')),
    accept: fc.constantFrom('text/html', '*/*', 'application/xml', ''),
  },
  { requiredKeys: [] },
);
const endpoint = fc.constantFrom(...ENDPOINTS);

/** A garbage Basic header: bad base64, no colon, empty id, percent errors, other schemes. */
function malformedBasic(ids: fc.Arbitrary<string>, secrets: fc.Arbitrary<string>): fc.Arbitrary<Credentials> {
  const make = (label: string, header: string, id: string, secret: string): Credentials => ({
    label: `basic ${label}`,
    headers: { authorization: header },
    fields: [],
    secrets: [secret, header.replace(/^\S*\s*/, '')],
    others: [id],
  });
  const notBase64 = fc.constantFrom('!', '@', '#', '$', '%', '^', '*', '(', '-', '_', '~', '.', ',', ';', ':', ' ', '\t', '"', 'é', 'ÿ');
  return fc.oneof(
    // Base64 with a character outside the alphabet somewhere.
    fc.tuple(ids, secrets, notBase64, fc.nat()).map(([id, secret, bad, at]) => {
      const blob = b64(`${encode(id)}:${encode(secret)}`);
      // fetch trims whitespace at either end of a header value: put it inside.
      const i = /\s/.test(bad) ? 1 + (at % (blob.length - 1)) : at % (blob.length + 1);
      return make('bad base64', `Basic ${blob.slice(0, i)}${bad}${blob.slice(i)}`, id, secret);
    }),
    // Padding in the middle, or too much of it.
    fc.tuple(ids, secrets, fc.constantFrom('=', '==', '===', '=A=')).map(([id, secret, pad]) => {
      const blob = b64(`${encode(id)}:${encode(secret)}`).replace(/=+$/, '');
      return make('bad padding', `Basic ${blob.slice(0, 2)}${pad}${blob.slice(2)}${pad}`, id, secret);
    }),
    // base64url instead of base64.
    fc.tuple(ids, secrets).map(([id, secret]) => make('base64url', `Basic ${b64url(`${id}:${secret}???>>>`)}`, id, `${secret}???>>>`)),
    // No colon at all.
    ids.map((id) => make('no colon', `Basic ${b64(encode(id))}`, id, '')),
    // An empty id.
    secrets.map((secret) => make('empty id', `Basic ${b64(`:${encode(secret)}`)}`, '', secret)),
    // Percent-encoding errors in the id or the secret.
    fc.tuple(ids, secrets, fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%C0', '%ED%A0%80', '%u00e9'), fc.boolean()).map(([id, secret, junk, inId]) =>
      inId
        ? make('percent error in id', `Basic ${b64(`${encode(id)}${junk}:${encode(secret)}`)}`, id, secret)
        : make('percent error in secret', `Basic ${b64(`${encode(id)}:${encode(secret)}${junk}`)}`, id, `${secret}${junk}`),
    ),
    // Not percent-encoded at all (unicode, '%', ':' and '+' raw).
    fc.tuple(ids, anyText(30)).map(([id, secret]) => make('raw unicode', `Basic ${b64(`${id}:${secret}`)}`, id, secret)),
    // Bytes that are not UTF-8.
    fc.uint8Array({ maxLength: 64 }).map((bytes) => make('binary', `Basic ${b64(Buffer.from(bytes))}`, '', '')),
    // Scheme and spacing variants.
    fc.tuple(ids, secrets, fc.constantFrom('Basic', 'basic ', 'BASIC ', 'Basic  ', 'Basic\t', 'Bearer ', 'Digest ', 'Basicx ', '', 'Basic=')).map(
      ([id, secret, scheme]) => make(`scheme "${scheme}"`, `${scheme}${b64(`${encode(id)}:${encode(secret)}`)}`, id, secret),
    ),
    fc.constantFrom('Basic', 'Basic ', 'Basic =', 'Basic ==', 'Basic Og==', 'Basic OjpA', 'Basic AAAA').map((header) => make('degenerate', header, '', '')),
    // Printable garbage (and Latin-1), no structure.
    fc.string({ unit: fc.oneof(printableChar, fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c))), maxLength: 120 }).map((text) =>
      make('garbage', `Basic ${text}`, '', text),
    ),
  );
}

/** Truncates long strings in fast-check's counterexample output. */
function printable(probe: Probe): Probe & fc.WithToStringMethod {
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

// ---------------------------------------------------------------------------------------------

describe('token, introspection and revocation endpoints under property tests (fast-check)', () => {
  jest.setTimeout(120_000);

  let scratch: ScratchDatabase;
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let registered: { clientId: string; clientSecret: string };
  let publicClientId: string;
  let accessToken: string;
  let accessKid: string;
  const customScopes = ['orders:read', 'orders:write', 'https://api.example.com/reports.read', 'x'];

  const send = async (probe: Probe): Promise<Exchange> => {
    const response = await fetch(`${gateway.url}${probe.path}`, { method: 'POST', headers: probe.headers, body: probe.body, redirect: 'manual' });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      wwwAuthenticate: response.headers.get('www-authenticate'),
      cacheControl: response.headers.get('cache-control'),
      text: await response.text(),
    };
  };

  /** Row count and a digest of every row, per table. */
  const snapshot = async (): Promise<Record<string, string>> => {
    const state: Record<string, string> = {};
    for (const table of TABLES) {
      const [row] = (await gateway.running.runtime.database.dataSource.query(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
      )) as Array<{ rows: number; digest: string }>;
      state[table] = `${row.rows} rows, ${row.digest}`;
    }
    return state;
  };

  /** Runs a property whose requests are all invalid, and checks that they changed nothing. */
  const assertUnchanged = async (property: fc.IAsyncProperty<[Probe]>, numRuns: number) => {
    const before = await snapshot();
    await fc.assert(property, { numRuns: runs(numRuns) });
    expect(await snapshot()).toEqual(before);
  };

  const probes = (arbitrary: fc.Arbitrary<Probe>) => arbitrary.map(printable);

  // Credentials of the running gateway.
  const envBasic = () => basicCredentials(tenant.environment.appKey, tenant.appSecret, 'basic appKey');
  const envPost = () => postCredentials(tenant.environment.appKey, tenant.appSecret, 'post appKey');
  const realIds = () =>
    fc.constantFrom(tenant.environment.appKey, `${tenant.environment.appKey}.${tenant.localService.id}`, registered.clientId, tenant.organization.clientId, publicClientId);
  /** Ids: real ones, look-alikes and garbage. */
  const anyId = () =>
    fc.oneof(
      realIds(),
      fc.constantFrom('ak_nobody', `${tenant.environment.appKey}.`, `.${tenant.localService.id}`, `${tenant.environment.appKey}.not-a-uuid`, `${tenant.environment.appKey}.${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`),
      anyText(30),
      longText(190, 260),
    );
  /**
   * Secrets that are never right (a real secret is 43 base64url characters). In a header they
   * stay short enough for Node's 16 KiB header limit (that limit has a property of its own).
   */
  const wrongSecret = (maxLength = 1000) =>
    fc.oneof(
      anyText(60),
      fc.constant(''),
      longText(40, maxLength),
      fc.constant(tenant.appSecret.slice(0, -1)),
      fc.constant(`${tenant.appSecret}x`),
      fc.constant(tenant.appSecret.toUpperCase()),
    );
  /** Credentials that never authenticate. */
  const wrongCredentials = (): fc.Arbitrary<Credentials> =>
    fc.oneof(
      fc.constant(noCredentials),
      fc.tuple(anyId(), wrongSecret()).map(([id, secret]) => basicCredentials(id, secret, 'basic wrong secret')),
      fc.tuple(anyId(), wrongSecret(6000)).map(([id, secret]) => postCredentials(id, secret, 'post wrong secret')),
      // client_id alone authenticates a public client, which may revoke: not that one here.
      anyId()
        .filter((id) => id !== publicClientId)
        .map((id) => ({ ...noCredentials, label: 'client_id only', fields: [['client_id', id]] as Field[], others: [id] })),
      malformedBasic(anyId(), wrongSecret()),
      // Right secrets, wrong method or wrong client.
      fc.constantFrom(
        basicCredentials(registered.clientId, registered.clientSecret, 'basic for a client_secret_post client'),
        postCredentials(publicClientId, tenant.appSecret, 'post for a public client'),
        basicCredentials(tenant.environment.appKey, registered.clientSecret, "basic appKey with another client's secret"),
        postCredentials(`${tenant.environment.appKey}.${tenant.localService.id}x`, tenant.appSecret, 'post appKey.serviceId with a bad service id'),
      ),
    );
  /** Real credentials of every kind the endpoint accepts. */
  const goodCredentials = (path: Endpoint): fc.Arbitrary<Credentials> => {
    const common = [
      envBasic(),
      envPost(),
      basicCredentials(`${tenant.environment.appKey}.${tenant.localService.id}`, tenant.appSecret, 'basic appKey.serviceId'),
      postCredentials(registered.clientId, registered.clientSecret, 'post registered client'),
    ];
    if (path === '/oauth/introspect') common.push(basicCredentials(tenant.organization.clientId, tenant.organizationSecret, 'basic organization client'));
    if (path === '/oauth/revoke') common.push({ ...noCredentials, label: 'public client_id', fields: [['client_id', publicClientId]], others: [publicClientId] });
    return fc.constantFrom(...common);
  };
  /** What makes the request otherwise valid, per endpoint. */
  const baseFields = (path: Endpoint): Field[] => (path === '/oauth/token' ? [['grant_type', 'client_credentials']] : [['token', 'not-a-token']]);

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    gateway = await startGateway({
      databaseUrl: scratch.url,
      secrets: installationSecrets(),
      // The rate limiters run (in Redis, on fuzzed keys) but never refuse: hundreds of requests a
      // second are the point here, and rate-limits.e2e.ts tests the limits themselves.
      env: { REDIS_URL: testRedisUrl(), TOKEN_RATE_LIMIT: '1000000', LOGIN_RATE_LIMIT: '1000000' },
    });
    tenant = await createTenant(gateway.provisioner, { customScopes });
    const { client, clientSecret } = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Backend job',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    registered = { clientId: client.clientId, clientSecret: clientSecret! };
    const { client: publicClient } = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'SPA',
      type: 'public',
      redirectUris: ['https://app.example.com/cb'],
    });
    publicClientId = publicClient.clientId;

    const issued = await send(formProbe('setup', '/oauth/token', [['grant_type', 'client_credentials'], ['scope', 'orders:read']], envBasic()));
    expect(issued.status).toBe(200);
    accessToken = (JSON.parse(issued.text) as { access_token: string }).access_token;
    accessKid = (JSON.parse(Buffer.from(accessToken.split('.')[0], 'base64url').toString()) as { kid: string }).kid;
  });

  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

  /** Random fields (and sometimes a real grant_type) with credentials that never authenticate. */
  const randomFieldProbes = () =>
    fc
      .tuple(
        endpoint,
        fc.option(fc.constantFrom(...GRANT_TYPES), { nil: undefined }),
        randomFields,
        wrongCredentials(),
        fc.boolean(),
        fc.constantFrom('', '; charset=utf-8', '; charset=ISO-8859-1', '; charset=UTF-8; x=y'),
        extraHeaders,
      )
      .map(([path, grantType, fields, credentials, raw, parameters, headers]) =>
        formProbe(grantType ? 'valid grant_type with garbage' : 'random fields', path, grantType ? [['grant_type', grantType], ...fields] : fields, credentials, {
          raw,
          contentType: `application/x-www-form-urlencoded${parameters}`,
          extraHeaders: headers,
        }),
      );

  it('answers random form fields without valid credentials with a clean 4xx, and changes nothing', async () => {
    await assertUnchanged(
      fc.asyncProperty(probes(randomFieldProbes()), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      600,
    );
  });

  it('refuses repeated fields with 400 invalid_request even with valid credentials, and changes nothing', async () => {
    const arbitrary = endpoint.chain((path) =>
      fc
        .tuple(
          goodCredentials(path),
          fc.constantFrom(...(path === '/oauth/token' ? ['grant_type', 'scope', 'client_id', 'client_secret'] : ['token', 'token_type_hint', 'client_id', 'client_secret'])),
          fc.array(fc.oneof(fc.constant('client_credentials'), fc.constant('orders:read'), fc.constant(''), anyText(20)), { minLength: 1, maxLength: 4 }),
          fc.boolean(),
        )
        .map(([credentials, name, values, sameValue]) => {
          // The request as a client would send it, valid, then `name` once or more again.
          const fields: Field[] = [...credentials.fields, ...baseFields(path)];
          if (name === 'client_id' && credentials.basicId) fields.push(['client_id', credentials.basicId]);
          let first = fields.find(([n]) => n === name);
          if (!first) fields.push((first = [name, values[0]]));
          for (const value of values) fields.push([name, sameValue ? first[1] : value]);
          return formProbe(`repeated ${name}`, path, fields, { ...credentials, fields: [] });
        }),
    );
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        expectError(probe, await send(probe), 400, ['invalid_request']);
      }),
      300,
    );
  });

  it('refuses malformed HTTP Basic credentials with 401 invalid_client, and changes nothing', async () => {
    const secrets = fc.oneof(wrongSecret(), fc.constant(tenant.appSecret));
    // With the real secret, these scheme spellings are valid (RFC 7235: case-insensitive, any spacing).
    const validSpellings = ['basic scheme "basic "', 'basic scheme "BASIC "', 'basic scheme "Basic  "'];
    const arbitrary = fc
      .tuple(endpoint, malformedBasic(realIds(), secrets).filter((c) => !(validSpellings.includes(c.label) && c.secrets.includes(tenant.appSecret))))
      .map(([path, credentials]) => formProbe('malformed Basic', path, baseFields(path), credentials));
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        expectError(probe, exchange, 401, ['invalid_client']);
        const sentBasic = /^basic /i.test((probe.headers.authorization ?? '').trim());
        if (sentBasic && !/^Basic /.test(exchange.wwwAuthenticate ?? '')) fail(probe, exchange, '401 to a Basic attempt without WWW-Authenticate: Basic');
      }),
      450,
    );
  });

  it('refuses bodies that are not application/x-www-form-urlencoded even with valid credentials, and changes nothing', async () => {
    const multipart = (fields: readonly Field[], boundary: string) =>
      `${fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}--${boundary}--\r\n`;
    const arbitrary = endpoint.chain((path) =>
      fc
        .tuple(
          goodCredentials(path),
          fc.constantFrom(
            'json',
            'json charset',
            'text/plain',
            'multipart',
            'none',
            'application/xml',
            'form typo',
            'form unsupported charset',
            'form+json',
            'octet-stream',
          ),
          fc.constantFrom('b0undary', '----WebKitFormBoundary7MA4YWxkTrZu0gW', ''),
        )
        .map(([credentials, type, boundary]) => {
          const fields = [...credentials.fields, ...baseFields(path)];
          const headers: Record<string, string> = { ...credentials.headers };
          let body: string = encodeForm(fields);
          switch (type) {
            case 'json':
            case 'json charset':
              headers['content-type'] = type === 'json' ? 'application/json' : 'application/json; charset=utf-8';
              body = JSON.stringify(Object.fromEntries(fields));
              break;
            case 'text/plain':
              headers['content-type'] = 'text/plain;charset=UTF-8';
              break;
            case 'multipart':
              headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
              body = multipart(fields, boundary);
              break;
            case 'none':
              break;
            case 'application/xml':
              headers['content-type'] = 'application/xml';
              body = `<request>${fields.map(([n, v]) => `<${n}>${v}</${n}>`).join('')}</request>`;
              break;
            case 'form typo':
              headers['content-type'] = 'application/x-www-form-urlencode';
              break;
            case 'form unsupported charset':
              headers['content-type'] = `application/x-www-form-urlencoded; charset=${boundary ? 'utf-16le' : 'koi8-r'}`;
              break;
            case 'form+json':
              headers['content-type'] = 'application/x-www-form-urlencoded+json';
              break;
            case 'octet-stream':
              headers['content-type'] = 'application/octet-stream';
              break;
          }
          return { kind: `content type ${type} (${credentials.label})`, path, headers, body: Buffer.from(body), ...secretsOf(fields, credentials, headers) };
        }),
    );
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        checkRejected(probe, exchange);
        if (![400, 415].includes(exchange.status)) fail(probe, exchange, 'expected 400 or 415');
      }),
      200,
    );
  });

  it('refuses malformed JSON with a clean 4xx, and changes nothing', async () => {
    const truncatedJson = fc.tuple(fc.json(), fc.nat()).map(([json, cut]) => json.slice(0, cut % (json.length + 1)));
    const arbitrary = fc
      .tuple(
        endpoint,
        fc.oneof(
          anyText(200),
          truncatedJson,
          fc.json().map((json) => `${json}}`),
          fc.json(),
          fc.constantFrom('{', '{"grant_type":', '{"grant_type":"client_credentials",}', "{'a':1}", 'NaN', '[1,]', '{"a":1}{"b":2}', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', 'null', '"x"', '1e999999', '{"a":"\\ud800"}', '{"a":"\\u00"}'),
          longText(60 * 1024, 70 * 1024).map((s) => `{"x":"${s.replace(/["\\]/g, '')}"}`),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-16', 'application/json; charset=latin1', 'application/json; charset=utf-8; x="'),
        wrongCredentials(),
      )
      .map(([path, body, contentType, credentials]): Probe => {
        const headers = { ...credentials.headers, 'content-type': contentType };
        return { kind: `JSON body (${credentials.label})`, path, headers, body: Buffer.from(body), ...secretsOf([...credentials.fields], credentials, headers), others: [...credentials.others, body, contentType] };
      });
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      300,
    );
  });

  it('answers random raw bytes with a clean 4xx, and changes nothing', async () => {
    const arbitrary = fc
      .tuple(
        endpoint,
        fc.oneof({ arbitrary: fc.uint8Array({ maxLength: 512 }), weight: 8 }, { arbitrary: fc.uint8Array({ minLength: 60 * 1024, maxLength: 70 * 1024 }), weight: 1 }),
        fc.option(fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data', '*/*', 'application/x-www-form-urlencoded; charset=iso-8859-1', ';', '/', 'application/x-www-form-urlencoded;;;', 'application/x-www-form-urlencoded; charset="utf-8'), { nil: undefined }),
        wrongCredentials(),
      )
      .map(([path, bytes, contentType, credentials]): Probe => {
        const headers: Record<string, string> = { ...credentials.headers };
        if (contentType !== undefined) headers['content-type'] = contentType;
        return { kind: `raw bytes (${credentials.label})`, path, headers, body: bytes, secrets: credentials.secrets, others: [...credentials.others, Buffer.from(bytes).toString('latin1'), Buffer.from(bytes).toString('utf8')] };
      });
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      300,
    );
  });

  it('answers compressed and falsely compressed bodies with a clean 4xx, and changes nothing', async () => {
    const arbitrary = fc
      .tuple(
        endpoint,
        randomFields,
        fc.uint8Array({ maxLength: 256 }),
        fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'x-gzip', 'compress', 'identity', 'gzip, deflate', 'GZIP', 'bogus'),
        fc.constantFrom('garbage', 'gzip', 'deflate', 'br', 'truncated gzip'),
        wrongCredentials(),
      )
      .map(([path, fields, garbage, encoding, actual, credentials]): Probe => {
        const form = Buffer.from(encodeForm([...credentials.fields, ...fields]));
        const body =
          actual === 'garbage'
            ? Buffer.from(garbage)
            : actual === 'gzip'
              ? gzipSync(form)
              : actual === 'deflate'
                ? deflateSync(form)
                : actual === 'br'
                  ? brotliCompressSync(form)
                  : gzipSync(form).subarray(0, Math.max(1, Math.floor(gzipSync(form).length / 2)));
        const headers = { ...credentials.headers, 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': encoding };
        return { kind: `content-encoding ${encoding}, body ${actual} (${credentials.label})`, path, headers, body, ...secretsOf([...credentials.fields, ...fields], credentials, headers) };
      });
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      300,
    );
  });

  it('answers introspection and revocation of garbage and forged tokens as RFC 7662/7009 say, and changes nothing', async () => {
    const [head, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const segment = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 120 });
    const forgedHeader = fc.record(
      {
        alg: fc.oneof(fc.constantFrom('ES256', 'RS256', 'none', 'HS256', 'ES384', 'EdDSA'), fc.jsonValue()),
        kid: fc.oneof(fc.constant(accessKid), fc.string(), fc.jsonValue()),
        typ: fc.oneof(fc.constantFrom('at+jwt', 'JWT', 'application/at+jwt'), fc.jsonValue()),
        crit: fc.oneof(fc.constant(['b64']), fc.array(fc.string(), { maxLength: 2 })),
        b64: fc.boolean(),
        jku: fc.webUrl(),
      },
      { requiredKeys: ['alg'] },
    );
    const forgedPayload = fc.oneof(
      fc.record(
        { ...Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, fc.constant(v)])), exp: fc.oneof(fc.constant(claims.exp), fc.integer(), fc.string()) } as Record<string, fc.Arbitrary<unknown>>,
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    const token = fc
      .oneof(
        anyText(200),
        fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
        fc
          .tuple(fc.oneof(forgedHeader.map((h) => b64url(JSON.stringify(h))), segment), fc.oneof(forgedPayload.map((p) => b64url(JSON.stringify(p ?? null))), segment), fc.oneof(fc.constant(signature), fc.uint8Array({ maxLength: 80 }).map(b64url), fc.constant('')))
          .map((parts) => parts.join('.')),
        // The real token changed where the signature covers it, or with its signature cut short.
        fc
          .tuple(fc.nat({ max: head.length + payload.length }), fc.constantFrom(...'ABCXYZabcxyz0189-_'), fc.constantFrom('replace', 'insert', 'delete'))
          .map(([at, char, how]) => {
            const signed = `${head}.${payload}`;
            const i = at === head.length ? at + 1 : at;
            const changed = how === 'replace' ? `${signed.slice(0, i)}${char}${signed.slice(i + 1)}` : how === 'insert' ? `${signed.slice(0, i)}${char}${signed.slice(i)}` : `${signed.slice(0, i)}${signed.slice(i + 1)}`;
            return `${changed}.${signature}`;
          }),
        fc.integer({ min: 1, max: signature.length }).map((cut) => `${head}.${payload}.${signature.slice(0, -cut)}`),
        fc.constantFrom(`${accessToken}.`, ` ${accessToken}`, `${accessToken}\n`, `${accessToken}=`, `Bearer ${accessToken}`, accessToken.split('.').reverse().join('.'), `${head}.${payload}`),
        longText(8000, 9000),
        longText(MAX_PARAMETER_LENGTH - 4, MAX_PARAMETER_LENGTH + 4),
        fc.constant(''),
      )
      .filter((t) => t !== accessToken);
    const arbitrary = fc.constantFrom<Endpoint>('/oauth/introspect', '/oauth/revoke').chain((path) =>
      fc
        .tuple(goodCredentials(path), token, fc.option(fc.oneof(fc.constantFrom('access_token', 'refresh_token', 'id_token'), anyText(20)), { nil: undefined }))
        .map(([credentials, value, hint]) =>
          formProbe(`${path === '/oauth/revoke' ? 'revoke' : 'introspect'} garbage token`, path, [['token', value], ...(hint === undefined ? [] : [['token_type_hint', hint] as Field])], credentials),
        ),
    );
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        if (checkedTooLarge(probe, exchange)) return;
        const view = serverView(Buffer.from(probe.body as Uint8Array).toString());
        const tooLong = view.some(([, value]) => value.length > MAX_PARAMETER_LENGTH);
        const tokenValue = view.find(([name]) => name === 'token')?.[1] ?? '';
        if (tooLong || tokenValue === '') {
          expectError(probe, exchange, 400, ['invalid_request']);
          return;
        }
        checkWellFormed(probe, exchange);
        if (exchange.status !== 200) fail(probe, exchange, 'expected 200');
        const expected = probe.path === '/oauth/introspect' ? '{"active":false}' : '';
        if (exchange.text !== expected) fail(probe, exchange, `expected the body ${expected || '(empty)'}`);
      }),
      400,
    );
  });

  it('answers client_credentials with valid credentials and random extra parameters exactly as RFC 6749 says', async () => {
    const extraName = fc.oneof(
      { arbitrary: fc.constantFrom('client_id', 'client_secret', 'grant_type', 'scope', 'token', 'refresh_token', 'code', 'redirect_uri', 'username', 'password', 'resource', 'audience', 'toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'), weight: 3 },
      { arbitrary: fc.stringMatching(/^[A-Za-z_][\w.:-]{0,15}$/), weight: 2 },
    );
    const extraValue = fc.oneof(
      { arbitrary: anyText(30), weight: 8 },
      { arbitrary: fc.constant(''), weight: 2 },
      { arbitrary: fc.constantFrom(...customScopes, 'openid', 'orders:read orders:write', 'client_credentials'), weight: 3 },
      { arbitrary: fc.constantFrom(tenant.environment.appKey, registered.clientId, tenant.appSecret), weight: 2 },
      { arbitrary: longText(MAX_PARAMETER_LENGTH - 2, MAX_PARAMETER_LENGTH + 2), weight: 1 },
    );
    const arbitrary = fc.tuple(goodCredentials('/oauth/token'), fc.array(fc.tuple(extraName, extraValue), { maxLength: 6 })).map(([credentials, extras]) => ({
      ...formProbe('valid client_credentials + extras', '/oauth/token', [['grant_type', 'client_credentials'], ...extras], credentials),
      basicId: credentials.basicId,
    }));
    await fc.assert(
      fc.asyncProperty(
        arbitrary.map((probe) => printable(probe)),
        async (probe) => {
          const exchange = await send(probe);
          if (checkedTooLarge(probe, exchange)) return;
          const view = serverView(Buffer.from(probe.body as Uint8Array).toString());
          const counts = new Map<string, number>();
          for (const [name] of view) counts.set(name, (counts.get(name) ?? 0) + 1);
          const param = (name: string) => view.find(([n]) => n === name)?.[1] ?? '';
          const basicId = (probe as { basicId?: string }).basicId;
          if ([...counts.values()].some((n) => n > 1) || view.some(([, value]) => value.length > MAX_PARAMETER_LENGTH)) {
            expectError(probe, exchange, 400, ['invalid_request']);
            return;
          }
          if (basicId !== undefined && (param('client_secret') !== '' || (param('client_id') !== '' && param('client_id') !== basicId))) {
            expectError(probe, exchange, 400, ['invalid_request']);
            return;
          }
          const scopes = param('scope').split(' ').filter(Boolean);
          if (scopes.some((scope) => !SCOPE_TOKEN.test(scope) || scope.length > 128)) {
            expectError(probe, exchange, 400, ['invalid_request']);
            return;
          }
          if (scopes.some((scope) => !customScopes.includes(scope))) {
            expectError(probe, exchange, 400, ['invalid_scope']);
            return;
          }
          checkTokenResponse(probe, exchange, [...new Set(scopes)]);
        },
      ),
      { numRuns: runs(400) },
    );
  });

  it('answers client_credentials with random scope strings with 200 and exactly that scope, or 400 invalid_scope/invalid_request', async () => {
    const separator = fc.constantFrom(' ', '  ', '\t', '+', ',', '\n', '%20', '\u00a0', '\u3000');
    const scope = fc.oneof(
      anyText(60),
      fc.array(fc.constantFrom(...customScopes), { minLength: 1, maxLength: 5 }).map((scopes) => scopes.join(' ')),
      fc.tuple(fc.array(fc.constantFrom(...customScopes), { minLength: 1, maxLength: 4 }), separator).map(([scopes, sep]) => scopes.join(sep)),
      fc.tuple(fc.array(fc.oneof(fc.constantFrom(...customScopes, 'openid', 'offline_access', 'ORDERS:READ', 'orders:*', 'orders:read\u0000'), anyText(12)), { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '  ')).map(([scopes, sep]) => ` ${scopes.join(sep)} `),
      fc.stringMatching(/^[\x21\x23-\x5b\x5d-\x7e]{1,140}$/),
      longText(100, 200),
    );
    const arbitrary = fc.tuple(fc.constantFrom(envBasic(), envPost()), scope).map(([credentials, value]) => formProbe('client_credentials with scope', '/oauth/token', [['grant_type', 'client_credentials'], ['scope', value]], credentials));
    await fc.assert(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        const requested = (serverView(Buffer.from(probe.body as Uint8Array).toString()).find(([name]) => name === 'scope')?.[1] ?? '').split(' ').filter(Boolean);
        if (requested.every((s) => customScopes.includes(s))) {
          checkTokenResponse(probe, exchange, [...new Set(requested)]);
          return;
        }
        const body = checkRejected(probe, exchange);
        if (exchange.status !== 400 || !['invalid_scope', 'invalid_request'].includes(body.error as string)) {
          fail(probe, exchange, 'expected 400 invalid_scope or invalid_request');
        }
      }),
      { numRuns: runs(400) },
    );
  });

  it('accepts bodies up to 64 KiB and answers larger ones 413 REQUEST_TOO_LARGE', async () => {
    const padding = fc.constantFrom('x', '%C3%A9', 'é', '€', '😀');
    const arbitrary = fc
      .tuple(fc.constantFrom<Endpoint>('/oauth/token', '/oauth/introspect'), fc.integer({ min: BODY_LIMIT_BYTES - 2048, max: BODY_LIMIT_BYTES + 2048 }), padding, fc.constantFrom(envBasic(), envPost()))
      .map(([path, size, pad, credentials]) => {
        // Parameters of at most 3000 characters each, filling the body to exactly `size` bytes.
        const head = encodeForm([...credentials.fields, ...baseFields(path)]);
        let body = head;
        for (let i = 0; Buffer.byteLength(body) < size; i++) {
          const prefix = `&p${i}=`;
          const room = size - Buffer.byteLength(body) - prefix.length;
          const unit = Buffer.byteLength(pad);
          const value = room >= unit ? pad.repeat(Math.min(Math.floor(room / unit), Math.floor(3000 / pad.length))) : '';
          body += `${prefix}${value || 'y'.repeat(Math.max(0, room))}`;
        }
        const headers = { ...credentials.headers, 'content-type': 'application/x-www-form-urlencoded' };
        return { kind: `body of ${Buffer.byteLength(body)} bytes padded with ${pad} (${credentials.label})`, path, headers, body: Buffer.from(body), secrets: credentials.secrets, others: credentials.others } satisfies Probe;
      });
    await fc.assert(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        if (checkedTooLarge(probe, exchange)) return;
        if (probe.path === '/oauth/token') {
          checkTokenResponse(probe, exchange);
        } else {
          checkWellFormed(probe, exchange);
          if (exchange.status !== 200 || exchange.text !== '{"active":false}') fail(probe, exchange, 'expected 200 {"active":false}');
        }
      }),
      { numRuns: runs(80) },
    );
  });

  it('answers authorization_code, refresh_token and password grants with garbage parameters with 400, and changes nothing', async () => {
    const verifierShaped = fc.stringMatching(/^[A-Za-z0-9._~-]{43,128}$/);
    // Checks run in order (client, grant type, scope, then the grant's own lookups): most scopes
    // here are valid or absent, so that the garbage reaches the code behind them.
    const scope = fc.oneof({ arbitrary: fc.constantFrom('openid', 'openid offline_access', 'orders:read', 'profile email'), weight: 2 }, { arbitrary: anyText(30), weight: 1 });
    const grant = fc.oneof(
      fc
        .record(
          {
            code: fc.oneof(anyText(60), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), longText(MAX_PARAMETER_LENGTH - 4, MAX_PARAMETER_LENGTH)),
            redirect_uri: fc.oneof(fc.constantFrom('https://app.example.com/cb', 'com.example.app:/cb', 'http://127.0.0.1/cb'), fc.webUrl(), anyText(40)),
            code_verifier: fc.oneof(verifierShaped, anyText(60)),
          },
          { requiredKeys: [] },
        )
        .map((params) => ['authorization_code', params] as const),
      fc
        .record({ refresh_token: fc.oneof(anyText(60), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.constant(accessToken)), scope }, { requiredKeys: [] })
        .map((params) => ['refresh_token', params] as const),
      {
        weight: 2,
        arbitrary: fc
          .record(
            {
              username: fc.oneof(
                { arbitrary: anyText(40), weight: 2 },
                { arbitrary: withControl, weight: 2 },
                { arbitrary: fc.constantFrom('admin', 'a\u0000b', '\u0000', ' ', 'ADMIN@EXAMPLE.COM', ''), weight: 2 },
                { arbitrary: fc.emailAddress(), weight: 1 },
                { arbitrary: longText(300, 400), weight: 1 },
              ),
              password: fc.oneof(anyText(40), withControl, fc.constantFrom('correct horse battery staple', '\u0000', ''), longText(250, 300)),
              scope,
            },
            { requiredKeys: ['username', 'password'] },
          )
          .map((params) => ['password', params] as const),
      },
    );
    const credentials = fc.constantFrom(
      envBasic(),
      envPost(),
      basicCredentials(`${tenant.environment.appKey}.${tenant.localService.id}`, tenant.appSecret, 'basic appKey.serviceId'),
      postCredentials(registered.clientId, registered.clientSecret, 'post registered client (client_credentials only)'),
      { ...noCredentials, label: 'public client_id', fields: [['client_id', publicClientId]] as Field[], others: [publicClientId] },
    );
    const arbitrary = fc
      .tuple(credentials, grant)
      .map(([creds, [grantType, params]]) =>
        formProbe(`${grantType} with garbage`, '/oauth/token', [['grant_type', grantType], ...(Object.entries(params) as Field[])], creds),
      );
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        if (checkedTooLarge(probe, exchange)) return;
        expectError(probe, exchange, 400, ['invalid_request', 'invalid_grant', 'invalid_scope', 'unauthorized_client']);
      }),
      200,
    );
  });

  it("answers over-long headers with a JSON error too (Node's 16 KiB header limit)", async () => {
    const arbitrary = fc
      .tuple(endpoint, fc.constantFrom('authorization', 'cookie', 'x-fuzz'), fc.integer({ min: 8 * 1024, max: 70 * 1024 }), fc.constantFrom('A', 'a=b; ', '%'))
      .map(([path, name, length, unit]): Probe => {
        const value = `${name === 'authorization' ? 'Basic ' : ''}${unit.repeat(Math.ceil(length / unit.length))}`.slice(0, length);
        const headers = { 'content-type': 'application/x-www-form-urlencoded', [name]: value };
        return { kind: `${name} header of ${length} characters`, path, headers, body: Buffer.from(encodeForm(baseFields(path))), secrets: [], others: [] };
      });
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      20,
    );
  });

  it('writes error and error_description in the RFC 6749 §5.2 character set (no quotes, backslashes or non-ASCII)', async () => {
    // %x20-21 / %x23-5B / %x5D-7E: an answer that reflects input must not carry it raw.
    const NQSCHAR = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
    const extras = fc.tuple(goodCredentials('/oauth/token'), randomFields).map(([credentials, fields]) =>
      formProbe('valid client_credentials + random fields', '/oauth/token', [['grant_type', 'client_credentials'], ...fields], credentials),
    );
    await fc.assert(
      fc.asyncProperty(probes(fc.oneof(randomFieldProbes(), extras)), async (probe) => {
        const exchange = await send(probe);
        const body = checkWellFormed(probe, exchange);
        if (!body) return;
        for (const name of ['error', 'error_description'] as const) {
          if (!NQSCHAR.test(body[name] as string)) fail(probe, exchange, `${name} has characters outside %x20-21 / %x23-5B / %x5D-7E`);
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
