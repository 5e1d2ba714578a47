import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { DataSource } from 'typeorm';
import { LocalIdentities } from '@rapidauth/identity';
import { BrowserAgent } from '../../support/browser-agent';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { refreshStillWorks, signInForTokens, stillSignedIn } from '../../support/login-flow';
import { publicClientConfig } from '../../support/oidc-client';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1:8080/callback';
const SIGNED_OUT = ACME_MOBILE.postLogoutRedirectUris[0];
const USER = { username: 'victor', password: 'victor has a long password' };

/**
 * Ending a browser session (OIDC RP-Initiated Logout 1.0) revokes the logins made in it, which the
 * logins themselves record: authorization codes live minutes and are cleaned up, logins live days.
 */
describe('logout after authorization codes are cleaned up', () => {
  let gateway: GatewayInstance;
  let config: oidc.Configuration;
  let clientId: string;

  const signIn = () => signInForTokens(gateway.url, config, REDIRECT, USER);
  const signedIn = (agent: BrowserAgent) => stillSignedIn(agent, config, REDIRECT);
  const refreshWorks = (refreshToken: string) => refreshStillWorks(config, refreshToken);
  const endSessionUrl = (params: Record<string, string>) => oidc.buildEndSessionUrl(config, params).toString();
  /** What the coming cleanup of expired codes does to the login's code. */
  const deleteCodesOf = (idToken: string) =>
    gateway.get(DataSource).query(`DELETE FROM "authorization_code" WHERE "family_id" = $1`, [(decodeJwt(idToken) as { sid: string }).sid]);

  beforeAll(async () => {
    gateway = await startScratchGateway({ env: { LOGIN_RATE_LIMIT: '0' } });
    const tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, ACME_MOBILE)).clientId;
    config = await publicClientConfig(gateway.url, clientId);
    await gateway.get(LocalIdentities).create(tenant.environment.id, USER);
  });

  afterAll(() => gateway?.stop());

  it("a login whose code was cleaned up is still signed out and revoked by its session's ID-token logout", async () => {
    const user = await signIn();
    const [, deleted] = await deleteCodesOf(user.tokens.id_token!);
    expect(deleted).toBe(1);

    const response = await user.agent.get(endSessionUrl({ id_token_hint: user.tokens.id_token!, post_logout_redirect_uri: SIGNED_OUT }));
    expect(response.status).toBe(303);
    expect(response.location).toBe(SIGNED_OUT);
    expect(await signedIn(user.agent)).toBe(false);
    expect(await refreshWorks(user.tokens.refresh_token!)).toBe(false);
  });

  it('a login whose code was cleaned up is revoked by the confirmed sign-out of its session, and no other', async () => {
    const user = await signIn();
    const other = await signIn();
    await deleteCodesOf(user.tokens.id_token!);
    await deleteCodesOf(other.tokens.id_token!);

    const page = await user.agent.get(`${gateway.url}/oauth/session/end?client_id=${clientId}&post_logout_redirect_uri=${encodeURIComponent(SIGNED_OUT)}`);
    expect(page.status).toBe(200);
    const form = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name, value]));
    expect((await user.agent.post(`${gateway.url}/oauth/session/end`, form)).status).toBe(303);
    expect(await refreshWorks(user.tokens.refresh_token!)).toBe(false);
    expect(await signedIn(other.agent)).toBe(true);
    expect(await refreshWorks(other.tokens.refresh_token!)).toBe(true);
  });

  it('an app that revoked its refresh token first still signs out at once with its ID token', async () => {
    const user = await signIn();
    await oidc.tokenRevocation(config, user.tokens.refresh_token!);
    expect(await refreshWorks(user.tokens.refresh_token!)).toBe(false);

    const response = await user.agent.get(endSessionUrl({ id_token_hint: user.tokens.id_token!, post_logout_redirect_uri: SIGNED_OUT }));
    expect(response.status).toBe(303);
    expect(await signedIn(user.agent)).toBe(false);
  });
});
