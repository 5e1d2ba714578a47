import { createHash, randomUUID } from 'node:crypto';
import type { OpenedService } from '../connector';
import { openFacebook } from './open-facebook';

const opened = (config: Record<string, unknown> = {}): OpenedService => ({
  id: randomUUID(),
  type: 'facebook',
  organizationId: randomUUID(),
  environmentId: null,
  config: {
    clientId: '1234567890',
    userIdAttribute: 'id',
    scope: 'email public_profile',
    allowedAttributes: ['email'],
    dialogUrl: 'https://www.facebook.com/v19.0/dialog/oauth',
    graphApiUrl: 'https://graph.facebook.com/v19.0',
    ...config,
  },
  secrets: { clientSecret: 'app-secret' },
  updatedAt: new Date(),
});
const context = { environmentId: randomUUID(), ip: '127.0.0.1', now: new Date() };
const request = { state: 'our-state', callbackUrl: 'https://gw.example.com/oauth2/x/callback' };

describe('facebook connector', () => {
  it('signs in by redirect only, with a tester and no refresh (Facebook issues no refresh tokens)', () => {
    const connector = openFacebook(opened());
    expect(connector.redirectLogin).toBeDefined();
    expect(connector.tester).toBeDefined();
    expect(connector.formLogin).toBeUndefined();
    expect(connector.refresh).toBeUndefined();
  });

  it('sends the browser to the Login dialog with our state, the callback, the permissions and a PKCE S256 challenge of the verifier it keeps', async () => {
    const { step, kept } = await openFacebook(opened()).redirectLogin!.begin(request, context);
    expect(step.kind).toBe('redirect');
    const location = new URL((step as { location: string }).location);
    expect(`${location.origin}${location.pathname}`).toBe('https://www.facebook.com/v19.0/dialog/oauth');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      response_type: 'code',
      client_id: '1234567890',
      redirect_uri: request.callbackUrl,
      scope: 'email,public_profile',
      state: 'our-state',
      code_challenge: createHash('sha256').update(kept.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
  });

  it("answers the dialog's errors with ACCESS_DENIED and a callback without a code with UPSTREAM_REJECTED, asking nothing upstream", async () => {
    const redirect = openFacebook(opened()).redirectLogin!;
    const kept = { codeVerifier: 'v'.repeat(43) };
    const declined = { error: 'access_denied', error_code: '200', error_reason: 'user_denied', error_description: 'Permissions error', state: 'our-state' };
    await expect(redirect.finish(declined, kept, request, context)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(redirect.finish({ error_code: '1349048', error_message: 'URL blocked', state: 'our-state' }, kept, request, context)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(redirect.finish({ state: 'our-state' }, kept, request, context)).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
  });
});
