import * as oidc from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { LocalIdentities } from '@rapidauth/identity';
import { signJwt, SigningKeys } from '@rapidauth/oauth';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { refreshStillWorks, signInForTokens, stillSignedIn } from '../../support/login-flow';
import { publicClientConfig } from '../../support/oidc-client';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1:8080/callback';
const SIGNED_OUT = ACME_MOBILE.postLogoutRedirectUris[0];
const VICTIM = { username: 'victor', password: 'victor has a long password' };
const ATTACKER = { username: 'mallory', password: 'mallory has a long password' };

/**
 * Forced logout (OIDC RP-Initiated Logout 1.0 §2–3): /oauth/session/end acts at once only on a
 * recent ID token of this browser's own session; anything else needs the user's confirmation,
 * a POST carrying a token only this browser's page has.
 */
describe('forced logout', () => {
  let gateway: GatewayInstance;
  let config: oidc.Configuration;
  let clientId: string;

  const signIn = (credentials: { username: string; password: string }) => signInForTokens(gateway.url, config, REDIRECT, credentials);
  const signedIn = (agent: BrowserAgent) => stillSignedIn(agent, config, REDIRECT);
  const refreshWorks = (refreshToken: string) => refreshStillWorks(config, refreshToken);
  const endSessionUrl = (params: Record<string, string>) => oidc.buildEndSessionUrl(config, params).toString();
  const expectConfirmation = (page: PageResponse) => {
    expect(page.status).toBe(200);
    expect(page.body).toContain('Sign out?');
    expect(page.headers.get('location')).toBeNull();
    expect(page.headers.getSetCookie().filter((cookie) => cookie.startsWith('ra_session_'))).toEqual([]);
  };
  const hiddenFields = (page: PageResponse) =>
    Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name, value]));

  beforeAll(async () => {
    gateway = await startScratchGateway({ env: { LOGIN_RATE_LIMIT: '0' } });
    const tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, ACME_MOBILE)).clientId;
    config = await publicClientConfig(gateway.url, clientId);
    await gateway.get(LocalIdentities).create(tenant.environment.id, VICTIM);
    await gateway.get(LocalIdentities).create(tenant.environment.id, ATTACKER);
  });

  afterAll(() => gateway?.stop());

  it("an ID token of another browser's session ends neither the victim's session nor its own", async () => {
    const victim = await signIn(VICTIM);
    const attacker = await signIn(ATTACKER);

    const page = await victim.agent.get(endSessionUrl({ id_token_hint: attacker.tokens.id_token!, post_logout_redirect_uri: SIGNED_OUT }));
    expectConfirmation(page);
    expect(await signedIn(victim.agent)).toBe(true);
    expect(await refreshWorks(victim.tokens.refresh_token!)).toBe(true);
    expect(await signedIn(attacker.agent)).toBe(true);
    expect(await refreshWorks(attacker.tokens.refresh_token!)).toBe(true);
  });

  it("the victim's own old ID token (expired over 10 minutes ago) cannot end its session without confirmation", async () => {
    const victim = await signIn(VICTIM);
    const idToken = victim.tokens.id_token!;
    const claims = decodeJwt(idToken) as { iat: number; exp: number };
    const age = claims.exp - claims.iat + 601;
    const old = signJwt({ ...claims, iat: claims.iat - age, exp: claims.exp - age }, gateway.get(SigningKeys).signer(decodeProtectedHeader(idToken).alg as 'ES256'));

    expectConfirmation(await victim.agent.get(endSessionUrl({ id_token_hint: old })));
    expect(await signedIn(victim.agent)).toBe(true);
    expect(await refreshWorks(victim.tokens.refresh_token!)).toBe(true);
  });

  it('without a hint asks for confirmation; a POST without its token changes nothing; the confirmed POST signs out', async () => {
    const victim = await signIn(VICTIM);
    const page = await victim.agent.get(`${gateway.url}/oauth/session/end?client_id=${clientId}&post_logout_redirect_uri=${encodeURIComponent(SIGNED_OUT)}&state=bye`);
    expectConfirmation(page);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' http://127.0.0.1;");
    const form = hiddenFields(page);
    expect(form).toMatchObject({ client_id: clientId, post_logout_redirect_uri: SIGNED_OUT, state: 'bye', confirmation: expect.any(String) });

    // A cross-site form cannot know the token: without it, or with a guess, nothing changes.
    const { confirmation, ...withoutToken } = form;
    expectConfirmation(await victim.agent.post(`${gateway.url}/oauth/session/end`, withoutToken));
    const forged = await victim.agent.post(`${gateway.url}/oauth/session/end`, { ...withoutToken, confirmation: `${confirmation.slice(1)}A` });
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('INVALID_STATE');
    // Another browser's page carries another token.
    const other = await signIn(VICTIM);
    const othersForm = hiddenFields(await other.agent.get(`${gateway.url}/oauth/session/end?client_id=${clientId}`));
    expect((await victim.agent.post(`${gateway.url}/oauth/session/end`, { ...withoutToken, confirmation: othersForm.confirmation })).status).toBe(400);
    expect(await signedIn(victim.agent)).toBe(true);
    expect(await refreshWorks(victim.tokens.refresh_token!)).toBe(true);

    const confirmed = await victim.agent.post(`${gateway.url}/oauth/session/end`, form);
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`${SIGNED_OUT}?state=bye`);
    expect(await signedIn(victim.agent)).toBe(false);
    expect(await refreshWorks(victim.tokens.refresh_token!)).toBe(false);
    expect(await signedIn(other.agent)).toBe(true);
    expect(await refreshWorks(other.tokens.refresh_token!)).toBe(true);
  });

  it("a recent ID token of this browser's session signs out at once (openid-client's end-session URL)", async () => {
    const victim = await signIn(VICTIM);
    const response = await victim.agent.get(endSessionUrl({ id_token_hint: victim.tokens.id_token!, post_logout_redirect_uri: SIGNED_OUT, state: 'bye-123' }));
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${SIGNED_OUT}?state=bye-123`);
    expect(await signedIn(victim.agent)).toBe(false);
    expect(await refreshWorks(victim.tokens.refresh_token!)).toBe(false);
  });

  it('refuses a post_logout_redirect_uri the client did not register, before changing anything', async () => {
    const victim = await signIn(VICTIM);
    const response = await victim.agent.get(endSessionUrl({ id_token_hint: victim.tokens.id_token!, post_logout_redirect_uri: 'https://evil.example/' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await signedIn(victim.agent)).toBe(true);
  });
});
