import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { CodeForExchange } from '../authorization/authorization-codes';
import { CODE_VERIFIER, checkCode } from './authorization-code.grant';

/** RFC 7636 Appendix B (the §4.6 S256 transformation). */
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const REDIRECT_URI = 'https://app.example.com/cb';

const code = (changes: Partial<CodeForExchange> = {}): CodeForExchange => ({
  id: 'c0000000-0000-4000-8000-000000000001',
  clientId: 'ak_app',
  accountId: 'a0000000-0000-4000-8000-000000000001',
  identityId: 'i0000000-0000-4000-8000-000000000001',
  authServiceId: 's0000000-0000-4000-8000-000000000001',
  redirectUri: REDIRECT_URI,
  scope: 'openid',
  nonce: null,
  codeChallenge: RFC_CHALLENGE,
  authTime: new Date(NOW.getTime() - 5000),
  claims: { provider: 'local', providerUid: 'alice', amr: ['pwd'] },
  expiresAt: new Date(NOW.getTime() + 60_000),
  consumedAt: null,
  familyId: null,
  dpopJkt: null,
  accountUsable: true,
  ...changes,
});
const params = (changes: Record<string, string | undefined> = {}) =>
  Object.fromEntries(Object.entries({ code: 'the-code', redirect_uri: REDIRECT_URI, code_verifier: RFC_VERIFIER, ...changes }).filter(([, v]) => v !== undefined)) as Record<string, string>;

const UNRESERVED = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'];
const verifier = fc.string({ unit: fc.constantFrom(...UNRESERVED), minLength: 43, maxLength: 128 });

describe('code_verifier syntax (RFC 7636 §4.1)', () => {
  it('accepts 43 to 128 unreserved characters', () => {
    expect(CODE_VERIFIER.test(RFC_VERIFIER)).toBe(true);
    expect(CODE_VERIFIER.test('a'.repeat(43))).toBe(true);
    expect(CODE_VERIFIER.test('a'.repeat(128))).toBe(true);
    expect(CODE_VERIFIER.test(`${'-._~'.repeat(10)}abc`)).toBe(true);
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['the empty string', ''],
    ['a plus sign', `${'a'.repeat(42)}+`],
    ['a slash', `${'a'.repeat(42)}/`],
    ['padding', `${'a'.repeat(42)}=`],
    ['a space', `${'a'.repeat(21)} ${'a'.repeat(21)}`],
    ['a trailing newline', `${'a'.repeat(43)}\n`],
    ['a non-ASCII letter', `${'a'.repeat(42)}é`],
    ['an emoji', `${'a'.repeat(42)}😀`],
  ])('refuses %s', (_, value) => {
    expect(CODE_VERIFIER.test(value)).toBe(false);
  });

  it('accepts exactly the strings of 43-128 unreserved characters', () => {
    fc.assert(fc.property(verifier, (value) => expect(CODE_VERIFIER.test(value)).toBe(true)));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 140 }), (value) => {
        const valid = value.length >= 43 && value.length <= 128 && [...value].every((char) => UNRESERVED.includes(char));
        expect(CODE_VERIFIER.test(value)).toBe(valid);
      }),
    );
  });
});

describe('checkCode: may this request exchange the code?', () => {
  it('accepts the RFC 7636 Appendix B verifier for its S256 challenge, from the same client and redirect_uri, before expiry', () => {
    expect(checkCode(code(), params(), NOW)).toBeUndefined();
  });

  it.each([
    ['another verifier of the right syntax', `${RFC_VERIFIER.slice(0, -1)}j`],
    ['the verifier with its case changed', RFC_VERIFIER.toUpperCase()],
    ['the verifier with a character added', `${RFC_VERIFIER}a`],
    ['the challenge itself (a "plain" downgrade)', RFC_CHALLENGE],
  ])('refuses %s', (_, value) => {
    expect(checkCode(code(), params({ code_verifier: value }), NOW)).toBe('code_verifier does not match the challenge');
  });

  it('compares with the challenge as unpadded base64url of SHA-256 only', () => {
    const hex = 'a'.repeat(64);
    for (const challenge of [`${RFC_CHALLENGE}=`, RFC_CHALLENGE.replace(/-/g, '+'), Buffer.from(RFC_CHALLENGE, 'base64url').toString('hex'), RFC_VERIFIER, hex, '']) {
      expect(checkCode(code({ codeChallenge: challenge }), params(), NOW)).toBe('code_verifier does not match the challenge');
    }
  });

  it('refuses a missing or empty verifier: every code has a challenge', () => {
    expect(checkCode(code(), params({ code_verifier: undefined }), NOW)).toBe('code_verifier missing');
    expect(checkCode(code(), params({ code_verifier: '' }), NOW)).toBe('code_verifier missing');
  });

  it('passes a verifier exactly when its S256 transformation is the challenge', () => {
    fc.assert(
      fc.property(verifier, verifier, (issued, presented) => {
        const challenge = createHash('sha256').update(issued).digest('base64url');
        const problem = checkCode(code({ codeChallenge: challenge }), params({ code_verifier: presented }), NOW);
        expect(problem).toBe(presented === issued ? undefined : 'code_verifier does not match the challenge');
      }),
    );
  });

  it.each([
    ['a trailing slash', `${REDIRECT_URI}/`],
    ['a query', `${REDIRECT_URI}?x=1`],
    ['a fragment', `${REDIRECT_URI}#x`],
    ['an upper-case host', 'https://APP.example.com/cb'],
    ['a default port spelled out', 'https://app.example.com:443/cb'],
    ['a percent-encoded path', 'https://app.example.com/%63b'],
    ['another scheme', 'http://app.example.com/cb'],
    ['a missing redirect_uri', undefined],
  ])('refuses a redirect_uri with %s: it must equal the authorization request’s (RFC 6749 §4.1.3)', (_, redirectUri) => {
    expect(checkCode(code(), params({ redirect_uri: redirectUri }), NOW)).toBe('redirect_uri differs from the authorization request');
  });


  it('refuses a code at and after its expiry, and accepts it a millisecond before', () => {
    const expiresAt = code().expiresAt;
    expect(checkCode(code(), params(), new Date(expiresAt.getTime() - 1))).toBeUndefined();
    expect(checkCode(code(), params(), expiresAt)).toBe('code expired');
    expect(checkCode(code(), params(), new Date(expiresAt.getTime() + 1))).toBe('code expired');
  });

  it('checks the redirect_uri, then the expiry, then the verifier', () => {
    const late = new Date(code().expiresAt.getTime() + 1);
    const wrong = params({ redirect_uri: 'https://evil.example/cb', code_verifier: 'x'.repeat(43) });
    expect(checkCode(code(), wrong, late)).toBe('redirect_uri differs from the authorization request');
    expect(checkCode(code(), params({ code_verifier: 'x'.repeat(43) }), late)).toBe('code expired');
    expect(checkCode(code(), params({ code_verifier: 'x'.repeat(43) }), NOW)).toBe('code_verifier does not match the challenge');
  });
});
