import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { DataSource } from 'typeorm';
import { LocalIdentities } from '@rapidauth/identity';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { BrowserAgent } from '../../support/browser-agent';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1:8080/callback';
const SIGNED_OUT = 'http://127.0.0.1/signed-out';
const USER = { username: 'victor', password: 'victor has a long password' };

/**
 * Ending a browser session (OIDC RP-Initiated Logout 1.0) revokes the logins made in it, which the
 * logins themselves record: authorization codes live minutes and are cleaned up, logins live days.
 */
describe('logout after authorization codes are cleaned up', () => {
  let scratch: ScratchDatabase;
  let gateway: GatewayInstance;
  let config: oidc.Configuration;
  let clientId: string;

  const signIn = async () => {
    const { started, callback, agent } = await signInThroughLoginPage(gateway.url, config, REDIRECT, USER);
    return { agent, tokens: await exchange(config, callback.location, started) };
  };
  const signedIn = async (agent: BrowserAgent) => (await agent.get((await startAuthorization(config, REDIRECT)).url)).status === 303;
  const refreshWorks = (refreshToken: string) =>
    oidc.refreshTokenGrant(config, refreshToken).then(
      () => true,
      () => false,
    );
  const endSessionUrl = (params: Record<string, string>) => oidc.buildEndSessionUrl(config, params).toString();
  /** What the coming cleanup of expired codes does to the login's code. */
  const deleteCodesOf = (idToken: string) =>
    gateway.get(DataSource).query(`DELETE FROM "authorization_code" WHERE "family_id" = $1`, [(decodeJwt(idToken) as { sid: string }).sid]);

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    gateway = await startGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), env: { LOGIN_RATE_LIMIT: '0' } });
    const tenant = await createTenant(gateway.provisioner);
    const { client } = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Acme mobile',
      type: 'public',
      applicationType: 'native',
      firstParty: true,
      redirectUris: ['http://127.0.0.1/callback'],
      postLogoutRedirectUris: [SIGNED_OUT],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    clientId = client.clientId;
    config = await publicClientConfig(gateway.url, clientId);
    await gateway.get(LocalIdentities).create(tenant.environment.id, USER);
  });

  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

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
