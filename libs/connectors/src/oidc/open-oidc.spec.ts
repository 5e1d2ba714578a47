import { ResponseBodyError } from 'openid-client';
import { identityOf, scopeOf } from './open-oidc';
import { upstreamError } from './oidc-errors';

describe('oidc connector, pure parts', () => {
  it('asks openid first, then the configured scopes, once each', () => {
    expect(scopeOf(undefined)).toBe('openid');
    expect(scopeOf('profile  email openid')).toBe('openid profile email');
  });

  it("names the user by sub and keeps the user's claims, not the token's, as attributes (userinfo last)", () => {
    const identity = identityOf(
      { sub: 'u-1', iss: 'https://idp', aud: 'gw', exp: 1, iat: 1, nonce: 'n', preferred_username: 'alice', department: 'old' },
      { sub: 'u-1', email: 'alice@corp.example', department: 'R&D' },
      { access_token: { value: 'at' } },
    );
    expect(identity).toEqual({
      providerUid: 'u-1',
      username: 'alice',
      email: 'alice@corp.example',
      attributes: { sub: 'u-1', preferred_username: 'alice', department: 'R&D', email: 'alice@corp.example' },
      tokens: { access_token: { value: 'at' } },
    });
  });

  it('tells an unreachable upstream from a refusal', () => {
    const unreachable = Object.assign(new Error('fetch failed'), { name: 'TypeError' });
    expect(upstreamError(unreachable, 'UPSTREAM_REJECTED', 'code exchange').code).toBe('UPSTREAM_UNAVAILABLE');
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(upstreamError(timeout, 'UPSTREAM_REFRESH_FAILED', 'refresh').code).toBe('UPSTREAM_UNAVAILABLE');
    const body = (status: number, error: string) =>
      new ResponseBodyError('error', { cause: { error }, response: new Response(JSON.stringify({ error }), { status }) } as never);
    expect(upstreamError(body(400, 'invalid_grant'), 'UPSTREAM_REFRESH_FAILED', 'refresh').code).toBe('UPSTREAM_REFRESH_FAILED');
    expect(upstreamError(body(400, 'invalid_grant'), 'UPSTREAM_REJECTED', 'code exchange').code).toBe('UPSTREAM_REJECTED');
    expect(upstreamError(body(503, 'temporarily_unavailable'), 'UPSTREAM_REJECTED', 'code exchange').code).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstreamError(new Error('unexpected JWT claim value encountered'), 'UPSTREAM_REJECTED', 'code exchange').code).toBe('UPSTREAM_REJECTED');
  });
});
