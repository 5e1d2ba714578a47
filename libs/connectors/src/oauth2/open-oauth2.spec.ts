import { createHash, randomUUID } from 'node:crypto';
import type { OpenedService } from '../connector';
import { openOAuth2 } from './open-oauth2';

const opened = (grantType: 'authorization_code' | 'password'): OpenedService => ({
  id: randomUUID(),
  type: 'oauth2',
  organizationId: randomUUID(),
  environmentId: null,
  config: {
    providerUri: 'https://as.example.com/token',
    grantType,
    grantEndpoint: 'https://as.example.com/authorize?tenant=corp',
    clientId: 'rapidauth',
    userIdAttribute: 'sub',
    scope: 'read profile',
  },
  secrets: { clientSecret: 'secret' },
  updatedAt: new Date(),
});
const context = { environmentId: randomUUID(), ip: '127.0.0.1', now: new Date() };

describe('oauth2 connector', () => {
  it('signs in by redirect for authorization_code and by form for password', () => {
    const code = openOAuth2(opened('authorization_code'));
    expect(code.redirectLogin).toBeDefined();
    expect(code.formLogin).toBeUndefined();
    const password = openOAuth2(opened('password'));
    expect(password.formLogin).toBeDefined();
    expect(password.redirectLogin).toBeUndefined();
  });

  it("sends the browser to the grant endpoint with our state, the callback and a PKCE S256 challenge of the verifier it keeps", async () => {
    const { step, kept } = await openOAuth2(opened('authorization_code')).redirectLogin!.begin(
      { state: 'our-state', callbackUrl: 'https://gw.example.com/oauth2/x/callback' },
      context,
    );
    expect(step.kind).toBe('redirect');
    const location = new URL((step as { location: string }).location);
    expect(`${location.origin}${location.pathname}`).toBe('https://as.example.com/authorize');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      tenant: 'corp',
      response_type: 'code',
      client_id: 'rapidauth',
      redirect_uri: 'https://gw.example.com/oauth2/x/callback',
      scope: 'read profile',
      state: 'our-state',
      code_challenge: createHash('sha256').update(kept.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
  });

  it('answers an IdP error with ACCESS_DENIED and a callback without a code with UPSTREAM_REJECTED, asking nothing upstream', async () => {
    const redirect = openOAuth2(opened('authorization_code')).redirectLogin!;
    const request = { state: 'our-state', callbackUrl: 'https://gw.example.com/oauth2/x/callback' };
    await expect(redirect.finish({ error: 'access_denied', state: 'our-state' }, { codeVerifier: 'v'.repeat(43) }, request, context)).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
    await expect(redirect.finish({ error: 'server_error', state: 'our-state' }, { codeVerifier: 'v'.repeat(43) }, request, context)).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
    await expect(redirect.finish({ state: 'our-state' }, { codeVerifier: 'v'.repeat(43) }, request, context)).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
  });
});
