import { corsAnswer } from './cors';

describe('corsAnswer', () => {
  it('lets any origin read the public documents, with or without an Origin', () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/jwks.json']) {
      expect(corsAnswer('GET', path, undefined)).toEqual({ headers: [['Access-Control-Allow-Origin', '*']], preflight: false });
      expect(corsAnswer('OPTIONS', path, 'https://any.example')?.preflight).toBe(false);
    }
  });

  it('echoes the origin on the client endpoints (the handler checks it) and answers their preflights', () => {
    expect(corsAnswer('POST', '/oauth/token', 'https://app.example.com')).toEqual({
      headers: [
        ['Access-Control-Allow-Origin', 'https://app.example.com'],
        ['Vary', 'Origin'],
      ],
      preflight: false,
    });
    expect(corsAnswer('OPTIONS', '/oauth/revoke', 'https://app.example.com')).toEqual({
      headers: [
        ['Access-Control-Allow-Origin', 'https://app.example.com'],
        ['Vary', 'Origin'],
        ['Access-Control-Allow-Methods', 'GET, POST'],
        ['Access-Control-Allow-Headers', 'Authorization, Content-Type'],
        ['Access-Control-Max-Age', '600'],
      ],
      preflight: true,
    });
  });

  it('answers the preflights of the account endpoints with PUT and DELETE among the methods', () => {
    for (const path of ['/v3/auth/account', '/v3/auth/identities/6b1f4c1e-0d55-4e62-9d1c-3f6f0b7e2a10', '/v3/auth/mfa/totp', '/v3/auth/email/password']) {
      expect(corsAnswer('OPTIONS', path, 'https://app.example.com')?.headers).toContainEqual(['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE']);
    }
    expect(corsAnswer('DELETE', '/v3/auth/account', 'https://app.example.com')).toEqual({
      headers: [
        ['Access-Control-Allow-Origin', 'https://app.example.com'],
        ['Vary', 'Origin'],
      ],
      preflight: false,
    });
  });

  it('adds nothing without an Origin, nor on other endpoints (introspection, authorization, login)', () => {
    expect(corsAnswer('POST', '/oauth/token', undefined)).toBeUndefined();
    expect(corsAnswer('OPTIONS', '/oauth/token', '')).toBeUndefined();
    for (const path of ['/oauth/introspect', '/v3/oauth/auth', '/v3/oauth/login', '/oauth/token/']) {
      expect(corsAnswer('POST', path, 'https://app.example.com')).toBeUndefined();
    }
  });
});
