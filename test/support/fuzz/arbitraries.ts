import fc from 'fast-check';
import { b64, b64url, encode, ENDPOINTS, MAX_PARAMETER_LENGTH, type Credentials } from './requests';

const controlChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\x7f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b', '\u202e', '\ufffd'),
);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const formSyntax = fc.constantFrom('%', '&', '=', '+', ';', ' ', '"', '\\', ':', '[', ']', '.', '#', '?', '/');
const printableChar = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 });
const percentJunk = fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%00', '%FF%FE', '%%41', '%u0041', '%2', '+%2B+', '%0D%0A');

/** Text with a control character (NUL, CR LF, DEL…) somewhere inside. */
export const withControl = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', '\u0001', '\u001b', '\u001f', '\u007f', '\r\n', '\t', '\u0085', '\u2028'), fc.string({ maxLength: 12 }))
  .map((parts) => parts.join(''));

/** Short strings of every kind: ASCII, unicode graphemes, any code point, control characters, lone surrogates. */
export const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({ unit: fc.oneof(controlChar, loneSurrogate, formSyntax, percentJunk, printableChar), maxLength }),
    withControl,
  );

/** A value of `min`..`max` characters, built by repetition (fast to generate and to shrink). */
export const longText = (min: number, max: number) =>
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
export const GRANT_TYPES = ['client_credentials', 'authorization_code', 'refresh_token', 'password', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:device_code', 'implicit', 'CLIENT_CREDENTIALS', 'client_credentials ', ' client_credentials'];

const fieldName = fc.oneof({ arbitrary: fc.constantFrom(...KNOWN_NAMES), weight: 4 }, { arbitrary: fc.constantFrom(...TRICKY_NAMES), weight: 2 }, { arbitrary: anyText(24), weight: 3 });

const fieldValue = fc.oneof(
  { arbitrary: fc.constant(''), weight: 2 },
  { arbitrary: anyText(40), weight: 10 },
  { arbitrary: fc.constantFrom(...GRANT_TYPES), weight: 2 },
  { arbitrary: percentJunk, weight: 2 },
  { arbitrary: longText(MAX_PARAMETER_LENGTH - 8, MAX_PARAMETER_LENGTH + 8), weight: 1 },
  { arbitrary: longText(MAX_PARAMETER_LENGTH, 72 * 1024), weight: 1 },
);

export const randomFields = fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 8 });

/** Printable header text (fetch refuses CR, LF, NUL and anything above U+00FF). */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.oneof(printableChar, fc.constantFrom('\t', ' ', ';', ',', '=', '"', '%'), fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c))), maxLength });
/** Other headers the gateway reads: cookies (cookie-parser), X-Forwarded-For (trust proxy), Accept. */
export const extraHeaders = fc.record(
  {
    cookie: fc.oneof(headerText(200), fc.constantFrom('a=%ZZ', '=', ';;;', 'j:{', 's:x.y', '__proto__=1', 'a="b')),
    'x-forwarded-for': fc.oneof(headerText(60), fc.constantFrom('1.2.3.4, ::1', '999.999.999.999', 'unknown', ',,,', '::ffff:127.0.0.1')),
    accept: fc.constantFrom('text/html', '*/*', 'application/xml', ''),
  },
  { requiredKeys: [] },
);
export const endpoint = fc.constantFrom(...ENDPOINTS);

/** A garbage Basic header: bad base64, no colon, empty id, percent errors, other schemes. */
export function malformedBasic(ids: fc.Arbitrary<string>, secrets: fc.Arbitrary<string>): fc.Arbitrary<Credentials> {
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
