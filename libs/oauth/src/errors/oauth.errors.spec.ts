import fc from 'fast-check';
import {
  AccessDeniedError,
  InsufficientScopeError,
  InvalidClientError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidScopeError,
  InvalidTokenError,
  NotFoundError,
  RedirectableError,
  ServerError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedClientError,
  UnauthorizedOriginError,
  UnsupportedGrantTypeError,
  UnsupportedProviderError,
  type OAuthError,
} from './oauth.errors';

/** RFC 6749 §5.2 error_description: %x20-21 / %x23-5B / %x5D-7E. */
const NQSCHAR = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const isNqschar = (unit: string) => NQSCHAR.test(unit);

/** The description every error class makes of a text (safeDescription is applied in OAuthError). */
const described = (text: string) => new InvalidRequestError(text).description;

/** safeDescription restated: each UTF-16 unit outside the set becomes '?', then over 200 → 197 + '...'. */
function expected(text: string): string {
  const safe = [...Array(text.length).keys()].map((i) => (isNqschar(text[i]) ? text[i] : '?')).join('');
  return safe.length > 200 ? `${safe.slice(0, 197)}...` : safe;
}

describe('error descriptions (safeDescription)', () => {
  it('keeps text in the RFC 6749 §5.2 character set as it is', () => {
    const allowed = String.fromCharCode(0x20, 0x21, ...Array.from({ length: 0x5b - 0x23 + 1 }, (_, i) => 0x23 + i), ...Array.from({ length: 0x7e - 0x5d + 1 }, (_, i) => 0x5d + i));
    expect(allowed).toHaveLength(93);
    expect(described(allowed)).toBe(allowed);
    expect(described('')).toBe('');
  });

  it.each([
    ['a double quote', 'scope "x"', 'scope ?x?'],
    ['a backslash', 'a\\b', 'a?b'],
    ['NUL', 'a\u0000b', 'a?b'],
    ['tab', 'a\tb', 'a?b'],
    ['CR LF (no header or log line injection)', 'a\r\nSet-Cookie: x', 'a??Set-Cookie: x'],
    ['DEL', 'a\u007f', 'a?'],
    ['a C1 control', 'a\u0085b', 'a?b'],
    ['a Latin-1 letter', 'café', 'caf?'],
    ['a right-to-left override', 'a\u202eb', 'a?b'],
    ['an emoji (two UTF-16 units)', 'x😀y', 'x??y'],
    ['a lone surrogate', 'x\ud800y', 'x?y'],
  ])('replaces %s with ?', (_, text, safe) => {
    expect(described(text)).toBe(safe);
  });

  it('keeps 200 characters and cuts longer text to 197 followed by ...', () => {
    expect(described('d'.repeat(200))).toBe('d'.repeat(200));
    expect(described('d'.repeat(201))).toBe(`${'d'.repeat(197)}...`);
    expect(described('d'.repeat(5000))).toHaveLength(200);
    // Replacement counts units before the cut: 100 emoji are 200 question marks.
    expect(described('😀'.repeat(100))).toBe('?'.repeat(200));
    expect(described('😀'.repeat(101))).toBe(`${'?'.repeat(197)}...`);
  });

  it('replaces exactly the units outside the set and bounds the length, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 260 }), fc.string({ unit: 'grapheme', maxLength: 150 }), fc.string({ unit: 'binary-ascii', maxLength: 260 })), (text) => {
        const description = described(text);
        expect(description).toBe(expected(text));
        expect(description).toMatch(NQSCHAR);
        expect(description.length).toBeLessThanOrEqual(200);
      }),
    );
  });

  it('applies to every error class, and message is the description', () => {
    const text = 'bad "value" \u0000 é';
    const safe = 'bad ?value? ? ?';
    const errors: OAuthError[] = [
      new InvalidRequestError(text),
      new InvalidClientError(text),
      new InvalidGrantError(text),
      new UnauthorizedClientError(text),
      new UnsupportedGrantTypeError(text),
      new InvalidScopeError(text),
      new InvalidTokenError(text),
      new AccessDeniedError(text),
    ];
    for (const error of errors) {
      expect(error.description).toBe(safe);
      expect(error.message).toBe(safe);
    }
    expect(new UnsupportedProviderError('saml "x"\n').description).toBe('signing in through saml ?x?? services is not available yet');
  });

  it('keeps the detail (logged, never sent) as given', () => {
    const error = new InvalidGrantError('x', { detail: 'code "abc"\u0000 é' });
    expect(error.detail).toBe('code "abc"\u0000 é');
  });
});

describe('error classes (docs/gateway.md#errors)', () => {
  it('gives each class its error, status and catalogue code', () => {
    const classes: Array<[OAuthError, string, number, string]> = [
      [new InvalidRequestError('x'), 'invalid_request', 400, 'INVALID_PARAMETER'],
      [new InvalidClientError(), 'invalid_client', 401, 'INVALID_CLIENT'],
      [new InvalidGrantError(), 'invalid_grant', 400, 'INVALID_GRANT'],
      [new UnauthorizedClientError('x'), 'unauthorized_client', 400, 'UNAUTHORIZED_CLIENT'],
      [new UnsupportedGrantTypeError('x'), 'unsupported_grant_type', 400, 'UNSUPPORTED_GRANT_TYPE'],
      [new InvalidScopeError('x'), 'invalid_scope', 400, 'INVALID_SCOPE'],
      [new InvalidTokenError(), 'invalid_token', 401, 'INVALID_TOKEN'],
      [new InsufficientScopeError('x'), 'insufficient_scope', 403, 'INVALID_SCOPE'],
      [new AccessDeniedError('x'), 'access_denied', 403, 'ACCESS_DENIED'],
      [new UnauthorizedOriginError('https://evil.example'), 'access_denied', 403, 'UNAUTHORIZED_REQUEST_ORIGIN'],
      [new NotFoundError(), 'not_found', 404, 'NOT_FOUND'],
      [new TooManyRequestsError(3), 'slow_down', 429, 'RATE_LIMITED'],
      [new UnsupportedProviderError('saml'), 'temporarily_unavailable', 501, 'UNSUPPORTED_PROVIDER'],
      [new ServiceUnavailableError(), 'temporarily_unavailable', 503, 'DATABASE_UNAVAILABLE'],
      [new ServerError('ref'), 'server_error', 500, 'SERVER_ERROR'],
      [new RedirectableError('invalid_scope', 'x', { redirectUri: 'https://app.example/cb' }), 'invalid_scope', 303, 'INVALID_PARAMETER'],
    ];
    for (const [error, wire, status, code] of classes) expect([error.name, error.error, error.status, error.code]).toEqual([error.name, wire, status, code]);
  });

  it('keeps the origin of a refused request in the logged detail only', () => {
    const error = new UnauthorizedOriginError('https://evil.example');
    expect(error.detail).toBe('https://evil.example');
    expect(error.description).not.toContain('evil');
  });

  it('names the input a not-found error is about, and nothing when there is none', () => {
    expect(new NotFoundError('group not found', { field: 'groupId' })).toMatchObject({ description: 'group not found', field: 'groupId', code: 'NOT_FOUND' });
    expect(new NotFoundError().field).toBeUndefined();
    expect(new AccessDeniedError('x').field).toBeUndefined();
  });
});
