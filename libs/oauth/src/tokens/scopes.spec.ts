import fc from 'fast-check';
import { InvalidRequestError, InvalidScopeError, type OAuthError } from '../errors';
import type { AppClient } from '../clients/resolved-client';
import { GRANT_TYPE_CLASSES } from '../grants';
import { decideScope, OIDC_SCOPES, parseScope, requireAllowedScopes, userScopes, type ScopePolicy } from './scopes';

function refusal(run: () => unknown): OAuthError {
  try {
    run();
  } catch (error) {
    return error as OAuthError;
  }
  throw new Error('expected a refusal');
}

/** RFC 6749 §3.3 scope-token characters: %x21 / %x23-5B / %x5D-7E. */
const TOKEN_CHARS = [0x21, ...Array.from({ length: 0x5b - 0x23 + 1 }, (_, i) => 0x23 + i), ...Array.from({ length: 0x7e - 0x5d + 1 }, (_, i) => 0x5d + i)].map((code) =>
  String.fromCharCode(code),
);
const scopeToken = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 128 });
const separator = fc.string({ unit: fc.constant(' '), minLength: 1, maxLength: 3 });

describe('parseScope', () => {
  it('gives no scopes for an absent, empty or all-space parameter', () => {
    expect(parseScope(undefined)).toEqual([]);
    expect(parseScope('')).toEqual([]);
    expect(parseScope('   ')).toEqual([]);
  });

  it('splits on spaces only, ignoring leading, trailing and repeated ones', () => {
    expect(parseScope('openid profile')).toEqual(['openid', 'profile']);
    expect(parseScope('  openid   orders:read ')).toEqual(['openid', 'orders:read']);
    expect(parseScope('https://api.example.com/reports.read x')).toEqual(['https://api.example.com/reports.read', 'x']);
  });

  it('collapses duplicates, keeping the order of first appearance, and is case-sensitive', () => {
    expect(parseScope('b a b c a')).toEqual(['b', 'a', 'c']);
    expect(parseScope('openid OPENID openid')).toEqual(['openid', 'OPENID']);
  });

  it('accepts every scope-token character and a token of 128 characters', () => {
    expect(parseScope(TOKEN_CHARS.join(''))).toEqual([TOKEN_CHARS.join('')]);
    expect(parseScope('s'.repeat(128))).toEqual(['s'.repeat(128)]);
  });

  it.each([
    ['a token of 129 characters', 's'.repeat(129)],
    ['a double quote', 'openid "profile"'],
    ['a backslash', 'orders\\read'],
    ['a tab as separator', 'openid\tprofile'],
    ['a newline', 'openid\nprofile'],
    ['NUL', 'openid\u0000'],
    ['DEL', 'openid\u007f'],
    ['a no-break space', 'openid\u00a0profile'],
    ['a non-ASCII letter', 'café'],
    ['an emoji', 'orders:😀'],
    ['an ideographic space', 'openid\u3000profile'],
  ])('refuses %s with invalid_request INVALID_PARAMETER', (_, value) => {
    const error = refusal(() => parseScope(value));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect([error.error, error.status, error.code]).toEqual(['invalid_request', 400, 'INVALID_PARAMETER']);
  });

  it('refuses the whole parameter when one token is malformed, however many are valid', () => {
    expect(refusal(() => parseScope(`openid profile ${'s'.repeat(129)} email`)).code).toBe('INVALID_PARAMETER');
  });

  it('returns the distinct tokens in order of first appearance for any space-separated list of valid tokens', () => {
    const list = fc.array(fc.tuple(scopeToken, separator), { maxLength: 8 });
    fc.assert(
      fc.property(separator, list, (lead, tokens) => {
        const value = lead + tokens.map(([token, sep]) => token + sep).join('');
        const distinct = tokens.map(([token]) => token).filter((token, i, all) => all.indexOf(token) === i);
        expect(parseScope(value)).toEqual(distinct);
      }),
    );
  });

  it('refuses any value with a character outside the scope-token set and space', () => {
    const outside = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((char) => char !== ' ' && !TOKEN_CHARS.includes(char));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...TOKEN_CHARS, ' '), maxLength: 20 }), outside, fc.string({ unit: fc.constantFrom(...TOKEN_CHARS, ' '), maxLength: 20 }), (before, bad, after) => {
        expect(refusal(() => parseScope(before + bad + after)).code).toBe('INVALID_PARAMETER');
      }),
    );
  });
});

describe('requireAllowedScopes', () => {
  const allowed = ['openid', 'profile', 'orders:read'];

  it('returns the requested scopes in the order requested, as a new array', () => {
    const requested = ['orders:read', 'openid'];
    const granted = requireAllowedScopes(requested, allowed);
    expect(granted).toEqual(['orders:read', 'openid']);
    expect(granted).not.toBe(requested);
    expect(requireAllowedScopes([], allowed)).toEqual([]);
    expect(requireAllowedScopes([], [])).toEqual([]);
  });

  it('refuses with invalid_scope naming every scope not allowed, in the order requested', () => {
    const error = refusal(() => requireAllowedScopes(['admin', 'openid', 'orders:write'], allowed));
    expect(error).toBeInstanceOf(InvalidScopeError);
    expect([error.error, error.status, error.code]).toEqual(['invalid_scope', 400, 'INVALID_SCOPE']);
    expect(error.description).toContain('admin orders:write');
    expect(error.description).not.toContain('openid');
  });

  it('compares exactly: case and prefixes matter', () => {
    for (const scope of ['OPENID', 'orders', 'orders:read:all', 'openid ']) {
      expect(refusal(() => requireAllowedScopes([scope], allowed)).code).toBe('INVALID_SCOPE');
    }
    expect(refusal(() => requireAllowedScopes(['openid'], [])).code).toBe('INVALID_SCOPE');
  });

  it('grants exactly when every requested scope is allowed', () => {
    const scope = fc.constantFrom('openid', 'profile', 'email', 'orders:read', 'orders:write', 'x');
    fc.assert(
      fc.property(fc.array(scope, { maxLength: 6 }), fc.uniqueArray(scope, { maxLength: 6 }), (requested, permitted) => {
        if (requested.every((s) => permitted.includes(s))) expect(requireAllowedScopes(requested, permitted)).toEqual(requested);
        else expect(refusal(() => requireAllowedScopes(requested, permitted)).code).toBe('INVALID_SCOPE');
      }),
    );
  });
});

describe('userScopes', () => {
  it('are the OIDC scopes, then the custom scopes of the environment, in that order', () => {
    expect(OIDC_SCOPES).toEqual(['openid', 'profile', 'email', 'phone', 'address', 'offline_access']);
    const client = { customScopes: ['orders:read', 'x'] } as Pick<AppClient, 'customScopes'> as AppClient;
    expect(userScopes(client)).toEqual(['openid', 'profile', 'email', 'phone', 'address', 'offline_access', 'orders:read', 'x']);
    expect(userScopes({ customScopes: [] } as Pick<AppClient, 'customScopes'> as AppClient)).toEqual([...OIDC_SCOPES]);
  });
});

describe('decideScope: the token endpoint applies each grant type\'s scope policy', () => {
  const client = { customScopes: ['orders:read', 'orders:write'] } as Pick<AppClient, 'customScopes'> as AppClient;
  const userLogin: ScopePolicy = { from: 'request', openid: true };
  const noUser: ScopePolicy = { from: 'request', openid: false };
  const held = ['openid', 'profile', 'orders:read'];

  it('declares one policy per grant type: the request for password, token exchange, the own-identity logins and client_credentials, the login for refresh, the code for authorization_code', () => {
    const grants = GRANT_TYPE_CLASSES.map((Grant) => new (Grant as new (...args: unknown[]) => { name: string; scopePolicy: ScopePolicy })());
    expect(Object.fromEntries(grants.map((grant) => [grant.name, grant.scopePolicy]))).toEqual({
      password: userLogin,
      client_credentials: noUser,
      refresh_token: { from: 'login' },
      authorization_code: { from: 'code' },
      'urn:ietf:params:oauth:grant-type:token-exchange': userLogin,
      'urn:rapidauth:grant-type:anonymous': userLogin,
      'urn:ietf:params:oauth:grant-type:jwt-bearer': userLogin,
      'urn:rapidauth:grant-type:mfa-otp': { from: 'login' },
      'urn:rapidauth:grant-type:email-password': userLogin,
      'urn:rapidauth:grant-type:email-otp': userLogin,
      'urn:rapidauth:grant-type:phone-otp': userLogin,
      'urn:rapidauth:grant-type:pin-refresh': { from: 'login' },
      'urn:rapidauth:grant-type:biometric-refresh': { from: 'login' },
    });
  });

  it('grants a user login the requested OpenID Connect and custom scopes before the grant runs, and mints exactly those', () => {
    const decision = decideScope(userLogin, { scope: 'openid orders:read openid' }, client);
    expect(decision.granted).toEqual(['openid', 'orders:read']);
    expect(decision.tokenScope(['something', 'else'])).toEqual(['openid', 'orders:read']);
    expect(decideScope(userLogin, {}, client).granted).toEqual([]);
  });

  it('grants a request without a user the custom scopes only: openid is invalid_scope', () => {
    expect(decideScope(noUser, { scope: 'orders:write' }, client).granted).toEqual(['orders:write']);
    for (const scope of ['openid', 'offline_access orders:read', 'admin']) {
      const error = refusal(() => decideScope(noUser, { scope }, client));
      expect(error).toBeInstanceOf(InvalidScopeError);
      expect([error.error, error.code]).toEqual(['invalid_scope', 'INVALID_SCOPE']);
    }
    expect(refusal(() => decideScope(userLogin, { scope: 'openid admin' }, client)).code).toBe('INVALID_SCOPE');
  });

  it('refuses a malformed requested scope with invalid_request before the grant runs', () => {
    for (const policy of [userLogin, noUser]) {
      const error = refusal(() => decideScope(policy, { scope: 'openid "x"' }, client));
      expect([error.error, error.code]).toEqual(['invalid_request', 'INVALID_PARAMETER']);
    }
  });

  it('keeps all of the login\'s scope for a refresh that asks for none, and lets it narrow', () => {
    const none = decideScope({ from: 'login' }, {}, client);
    expect(none.granted).toEqual([]);
    expect(none.tokenScope(held)).toEqual(held);
    expect(decideScope({ from: 'login' }, { scope: 'orders:read openid' }, client).tokenScope(held)).toEqual(['orders:read', 'openid']);
  });

  it('refuses a refresh scope that exceeds the login\'s (RFC 6749 §6), also one the client may have, once the login is known', () => {
    const wider = decideScope({ from: 'login' }, { scope: 'openid orders:write' }, client);
    const error = refusal(() => wider.tokenScope(held));
    expect([error.error, error.code]).toEqual(['invalid_scope', 'INVALID_SCOPE']);
    expect(error.description).toContain('orders:write');
    // Read only after the grant: an unusable refresh token is refused as such, whatever its scope.
    const malformed = decideScope({ from: 'login' }, { scope: 'openid "x"' }, client);
    expect(refusal(() => malformed.tokenScope(held)).code).toBe('INVALID_PARAMETER');
  });

  it('mints exactly what an authorization code holds, never reading a scope parameter', () => {
    const decision = decideScope({ from: 'code' }, { scope: 'admin "malformed"' }, client);
    expect(decision.granted).toEqual([]);
    expect(decision.tokenScope(held)).toEqual(held);
    expect(decision.tokenScope([])).toEqual([]);
  });

  it('narrows a refresh exactly when every requested scope is one the login holds', () => {
    const scope = fc.constantFrom('openid', 'profile', 'email', 'orders:read', 'orders:write');
    fc.assert(
      fc.property(fc.uniqueArray(scope, { maxLength: 5 }), fc.uniqueArray(scope, { maxLength: 5 }), (requested, login) => {
        const decision = decideScope({ from: 'login' }, requested.length > 0 ? { scope: requested.join(' ') } : {}, client);
        if (requested.length === 0) expect(decision.tokenScope(login)).toEqual(login);
        else if (requested.every((s) => login.includes(s))) expect(decision.tokenScope(login)).toEqual(requested);
        else expect(refusal(() => decision.tokenScope(login)).code).toBe('INVALID_SCOPE');
      }),
    );
  });
});
