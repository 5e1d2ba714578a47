import * as oidc from 'openid-client';
import { AccessTokenMinter, signJwt, SigningKeys } from '@rapidauth/oauth';
import { LocalIdentities } from '@rapidauth/identity';
import { AccountEntity } from '@rapidauth/database';
import { BrowserAgent } from '../../support/browser-agent';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { exchange, signInForTokens, signInThroughLoginPage } from '../../support/login-flow';
import { expectedLoginClaims, loginClaimsSeen } from '../../support/login-claims';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { isActive } from '../../support/requests';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1:8080/callback';
const ALICE = { username: 'alice', password: 'correct horse battery' };

/** Authorization code + PKCE through the hosted login page, with openid-client as the app. */
describe('authorization code flow (openid-client, hosted login page)', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  let config: oidc.Configuration;
  let aliceAccountId: string;

  const introspect = (token: string) => isActive(gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, token);
  const claimsOf = (tokens: { access_token: string; id_token?: string }) =>
    loginClaimsSeen(gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, tokens);
  /** Alice's password login at the login page (docs/gateway.md#login-claims). */
  const aliceLogin = () => ({ uid: aliceAccountId, provider: 'local', providerUid: ALICE.username, amr: ['pwd'] });
  const signIn = (options?: Parameters<typeof signInThroughLoginPage>[4], credentials = ALICE) =>
    signInThroughLoginPage(gateway.url, config, REDIRECT, credentials, options);
  const tokensFor = (options?: Parameters<typeof signInThroughLoginPage>[4]) => signInForTokens(gateway.url, config, REDIRECT, ALICE, options);
  const rowCount = async (table: string) =>
    Number((await gateway.running.runtime.database.dataSource.query(`SELECT count(*) AS n FROM "${table}"`))[0].n);

  beforeAll(async () => {
    // Alice signs in far more than 10 times a minute here; rate limits have their own suite.
    gateway = await startScratchGateway({ env: { LOGIN_RATE_LIMIT: '0' } });
    tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, ACME_MOBILE)).clientId;
    config = await publicClientConfig(gateway.url, clientId);
    aliceAccountId = (await gateway.get(LocalIdentities).create(tenant.environment.id, { ...ALICE, email: 'alice@example.com' })).accountId;
  });

  afterAll(() => gateway?.stop());

  it('oidcc-server: signs in through the login page and returns validated tokens', async () => {
    const { started, loginPage, callback } = await signIn();
    expect(loginPage.status).toBe(200);
    expect(loginPage.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(loginPage.headers.get('content-security-policy')).not.toMatch(/script-src/);
    expect(loginPage.headers.get('x-frame-options')).toBe('DENY');
    expect(loginPage.headers.get('referrer-policy')).toBe('no-referrer');
    expect(loginPage.headers.get('access-control-allow-origin')).toBeNull();
    expect(callback.status).toBe(303);
    const location = new URL(callback.location);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe(started.state);
    expect(location.searchParams.get('iss')).toBe(gateway.url);

    const tokens = await exchange(config, callback.location, started);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const idToken = tokens.claims()!;
    expect(idToken).toMatchObject({ sub: aliceAccountId, aud: clientId, iss: gateway.url, nonce: started.nonce });
    expect(idToken.auth_time).toEqual(expect.any(Number));
    expect(oidc.skipSubjectCheck).toBeDefined();

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, aliceAccountId);
    expect(userinfo).toMatchObject({ sub: aliceAccountId, preferred_username: 'alice', email: 'alice@example.com', email_verified: false });
    expect(await claimsOf(tokens)).toEqual(expectedLoginClaims(aliceLogin(), true));
  });

  it('reuses the browser session for a second authorization, and prompt=login forces the page', async () => {
    const { agent } = await signIn();
    const again = await startAuthorization(config, REDIRECT);
    const silent = await agent.get(again.url);
    expect(silent.status).toBe(303);
    expect(new URL(silent.location).searchParams.get('code')).toEqual(expect.any(String));
    // The reused session's sign-in is the tokens' login: its claims, though no password was typed now.
    expect(await claimsOf(await exchange(config, silent.location, again))).toEqual(expectedLoginClaims(aliceLogin(), true));
    const forced = await agent.get((await startAuthorization(config, REDIRECT, 'openid', { prompt: 'login' })).url);
    expect(forced.status).toBe(200);
    expect(forced.body).toContain('name="password"');
  });

  it('oidcc-prompt-none-not-logged-in: answers login_required without a session', async () => {
    const { url, state } = await startAuthorization(config, REDIRECT, 'openid', { prompt: 'none' });
    const response = await new BrowserAgent().get(url);
    expect(response.status).toBe(303);
    const location = new URL(response.location);
    expect(location.searchParams.get('error')).toBe('login_required');
    expect(location.searchParams.get('state')).toBe(state);
  });

  it('oidcc-max-age-1: a session older than max_age needs a new login, and auth_time moves', async () => {
    const first = await tokensFor();
    const firstAuthTime = first.tokens.claims()!.auth_time!;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const started = await startAuthorization(config, REDIRECT, 'openid', { max_age: '1' });
    const page = await first.agent.get(started.url);
    expect(page.status).toBe(200);
    const callback = await first.agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: page.loginTx, ...ALICE });
    const tokens = await exchange(config, callback.location, started);
    expect(tokens.claims()!.auth_time!).toBeGreaterThan(firstAuthTime);
  });

  it('oidcc-ensure-registered-redirect-uri: an unregistered redirect URI gets an error page, never a redirect', async () => {
    const { url } = await startAuthorization(config, 'http://127.0.0.1:8080/elsewhere');
    const response = await new BrowserAgent().get(url);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.body).toContain('redirect_uri is not registered');
  });

  it('shows an error page for an unknown client_id', async () => {
    const response = await new BrowserAgent().get(`${gateway.url}/v3/oauth/auth?client_id=nobody&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    ['without PKCE', { code_challenge: '', code_challenge_method: '' }],
    ['with the plain PKCE method', { code_challenge_method: 'plain' }],
    ['with response_type=token', { response_type: 'token' }],
    ['with an unknown scope', { scope: 'openid admin' }],
  ])('redirects invalid requests back to the client: %s', async (_case, overrides) => {
    const { url } = await startAuthorization(config, REDIRECT);
    const target = new URL(url);
    for (const [name, value] of Object.entries(overrides)) {
      if (value === '') target.searchParams.delete(name);
      else target.searchParams.set(name, value);
    }
    const response = await new BrowserAgent().get(target.toString());
    expect(response.status).toBe(303);
    expect(new URL(response.location).searchParams.get('error')).toMatch(/invalid_request|unsupported_response_type|invalid_scope/);
  });

  it('refuses a wrong code_verifier without spending the code', async () => {
    const { started, callback } = await signIn();
    const wrong = await exchange(config, callback.location, { ...started, codeVerifier: oidc.randomPKCECodeVerifier() }).catch((e) => e);
    expect(wrong).toMatchObject({ error: 'invalid_grant' });
    const tokens = await exchange(config, callback.location, started);
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it('oidcc-codereuse: a second use of a code is refused and revokes what the first issued', async () => {
    const { started, callback } = await signIn();
    const tokens = await exchange(config, callback.location, started);
    const replay = await exchange(config, callback.location, started).catch((e) => e);
    expect(replay).toMatchObject({ error: 'invalid_grant' });
    expect(await introspect(tokens.access_token)).toBe(false);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('oidcc-refresh-token: rotates refresh tokens; reusing a rotated one revokes the family', async () => {
    const { tokens } = await tokensFor();
    expect(await introspect(tokens.refresh_token!)).toBe(true);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(await introspect(tokens.refresh_token!)).toBe(false);
    expect(await introspect(refreshed.refresh_token!)).toBe(true);
    expect(refreshed.claims()!.sub).toBe(aliceAccountId);
    expect(await introspect(refreshed.access_token)).toBe(true);
    expect(await claimsOf(refreshed)).toEqual(expectedLoginClaims(aliceLogin(), true));

    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await introspect(refreshed.access_token)).toBe(false);
    expect(await introspect(tokens.access_token)).toBe(false);
  });

  it('gives exactly one of two concurrent refreshes of one token new tokens', async () => {
    const { tokens } = await tokensFor();
    const results = await Promise.allSettled([
      oidc.refreshTokenGrant(config, tokens.refresh_token!),
      oidc.refreshTokenGrant(config, tokens.refresh_token!),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('shows the login page again with a message for a wrong password, changing no tokens', async () => {
    const codesBefore = await rowCount('authorization_code');
    const { callback } = await signIn({}, { username: 'alice', password: 'not the password' });
    expect(callback.status).toBe(401);
    expect(callback.body).toContain('Wrong username or password');
    expect(callback.body).toContain('name="login_tx"');
    expect(await rowCount('authorization_code')).toBe(codesBefore);
  });

  it('locks the identity after 5 failures (IDENTITY_TEMPORARILY_LOCKED)', async () => {
    await gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'mallory', password: 'mallory password!' });
    for (let i = 0; i < 5; i++) await signIn({}, { username: 'mallory', password: 'wrong password!!' });
    const { callback } = await signIn({}, { username: 'mallory', password: 'mallory password!' });
    expect(callback.status).toBe(401);
    expect(callback.body).toContain('Too many failed sign-ins');
  });

  it('refuses the code of a disabled account', async () => {
    const { accountId } = await gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'trent', password: 'trent password!!' });
    const { started, callback } = await signIn({}, { username: 'trent', password: 'trent password!!' });
    await gateway.running.runtime.database.dataSource.manager.update(AccountEntity, { id: accountId }, { disabled: true });
    await expect(exchange(config, callback.location, started)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('introspects an expired access token as inactive', async () => {
    const { claims } = gateway.get(AccessTokenMinter).mint({ sub: aliceAccountId, clientId, scope: ['openid'], ttlSeconds: 3600, environmentId: tenant.environment.id });
    const sign = (offset: number) =>
      signJwt({ ...claims, iat: claims.iat + offset, exp: claims.exp + offset }, gateway.get(SigningKeys).signer('ES256'), 'at+jwt');
    // Past its exp by more than the 60 s clock skew, and within it.
    expect(await introspect(sign(-3600 - 61))).toBe(false);
    expect(await introspect(sign(-3600 + 30))).toBe(true);
  });

  it('logout revokes the access token only; the refresh token still works', async () => {
    const { tokens } = await tokensFor();
    const response = await fetch(`${gateway.url}/oauth/logout`, { method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(response.status).toBe(204);
    expect(await introspect(tokens.access_token)).toBe(false);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(await introspect(refreshed.access_token)).toBe(true);
  });

  it('end session: revokes the family, ends the browser session and returns to the registered URI with state', async () => {
    const { tokens, agent } = await tokensFor();
    const end = new URL(`${gateway.url}/oauth/session/end`);
    end.searchParams.set('id_token_hint', tokens.id_token!);
    end.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1/signed-out');
    end.searchParams.set('state', 'bye-123');
    const response = await agent.get(end.toString());
    expect(response.status).toBe(303);
    expect(response.location).toBe('http://127.0.0.1/signed-out?state=bye-123');
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await introspect(tokens.access_token)).toBe(false);
    const next = await agent.get((await startAuthorization(config, REDIRECT)).url);
    expect(next.status).toBe(200);
  });
});
