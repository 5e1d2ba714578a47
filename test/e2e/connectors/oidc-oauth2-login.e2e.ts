import * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { expectedLoginClaims, loginClaimsSeen, upstreamLogin } from '../../support/login-claims';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { startOidcUpstream, type OidcUpstream } from '../../support/oidc-upstream';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const REDIRECT = ACME_MOBILE.redirectUris[0];
const USERS = {
  alice: { password: 'alice-password', claims: { name: 'Alice Archer', preferred_username: 'alice', email: 'alice@corp.example', email_verified: true, department: 'R&D', employee_id: 'E-1001' } },
  bob: { password: 'bob-password', claims: { name: 'Bob Baker', preferred_username: 'bob', email: 'bob@corp.example', email_verified: true, department: 'Sales', employee_id: 'E-1002' } },
};
type Credentials = { username: string; password: string };

/**
 * Users of an enterprise OpenID Connect provider (a real oidc-provider in-process) signing in
 * through the gateway by redirect: the oidc connector (discovery, state, nonce, PKCE, ID token,
 * userinfo, upstream refresh) and the oauth2 connector (authorization code with PKCE, and the
 * password grant behind the hosted login form), with openid-client as the app. The refusals:
 * unknown, spent or another browser's state (INVALID_STATE), a bad nonce and an issuer mismatch
 * (UPSTREAM_REJECTED), the IdP declining (access_denied to the app) and an unreachable token
 * endpoint (UPSTREAM_UNAVAILABLE).
 */
describe('connectors e2e: oidc and oauth2 logins through an upstream OpenID provider', () => {
  let testbed: AdminTestbed;
  let upstream: OidcUpstream;
  let mismatched: OidcUpstream;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let app: oidc.Configuration;
  let appClientId: string;
  const services: Record<'oidc' | 'oauth2Code' | 'oauth2Password' | 'mismatch' | 'down', string> = {} as never;

  const gateway = () => testbed.gateway.url;
  const callbackOf = (serviceId: string) => `${gateway()}/oauth2/${serviceId}/callback`;
  const common = { redirectUris: [REDIRECT], allowedAttributes: ['department', 'email', 'name'], allowRefreshTokens: true };
  const oidcConfig = (idp: OidcUpstream, overrides: Record<string, unknown> = {}) => ({
    ...common,
    providerUri: `${idp.url}/token`,
    grantEndpoint: `${idp.url}/auth`,
    clientId: idp.client.clientId,
    clientSecret: idp.client.clientSecret,
    issuer: idp.url,
    scope: 'profile email',
    ...overrides,
  });
  const oauth2Config = (grantType: 'authorization_code' | 'password') => ({
    ...common,
    providerUri: `${upstream.url}/token`,
    grantType,
    grantEndpoint: `${upstream.url}/auth`,
    clientId: upstream.client.clientId,
    clientSecret: upstream.client.clientSecret,
    userIdAttribute: 'sub',
    userIdEndpoint: `${upstream.url}/me`,
    scope: 'openid profile email',
  });
  /** The app's authorizations go to `serviceId` (the environment's default). */
  const use = async (serviceId: string) => {
    const put = await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, ...Object.values(services)],
      defaultService: serviceId,
    });
    expect(put.status).toBe(200);
  };
  const userinfo = async (accessToken: string) =>
    (await fetch(`${gateway()}/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).json() as Promise<Record<string, unknown>>;
  const refresh = (refreshToken: string) => postForm(`${gateway()}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: appClientId });

  /** The app's authorization request: the gateway sends the browser to the IdP. */
  const toIdp = async (agent: BrowserAgent) => {
    const started = await startAuthorization(app, REDIRECT);
    const sent = await agent.get(started.url);
    expect(sent.status).toBe(303);
    return { started, idpUrl: sent.location };
  };
  /** At the IdP: its redirects followed, its login form answered (or the login declined), until it sends the browser back to the gateway. */
  const atIdp = async (agent: BrowserAgent, url: string, answer: Credentials | 'decline'): Promise<string> => {
    let current = url;
    let response: PageResponse = await agent.get(current);
    for (let step = 0; step < 10; step++) {
      if (response.status === 200 && current.includes('/interaction/')) {
        response = answer === 'decline' ? await agent.post(`${current}/abort`, {}) : await agent.post(`${current}/login`, { ...answer });
        continue;
      }
      const next = new URL(response.location, current).toString();
      if (next.startsWith(gateway())) return next;
      current = next;
      response = await agent.get(current);
    }
    throw new Error('the IdP never sent the browser back');
  };
  /** The whole redirect login: app → gateway → IdP → callback → resume → the app's redirect URI with a code. */
  const signIn = async (credentials: Credentials, agent = new BrowserAgent()) => {
    const { started, idpUrl } = await toIdp(agent);
    const callback = await agent.get(await atIdp(agent, idpUrl, credentials));
    expect(callback.status).toBe(303);
    expect(callback.location.startsWith(`${gateway()}/v3/oauth/resume?login_tx=`)).toBe(true);
    const resumed = await agent.get(callback.location);
    expect(resumed.status).toBe(303);
    return { agent, started, resumed };
  };
  /**
   * The login claims of a login through `service` (docs/gateway.md#login-claims): a redirect login
   * has no `amr` (RFC 8176 names no method for another IdP); a password checked at the IdP is `pwd`.
   */
  const expectLogin = async (tokens: { access_token: string; id_token?: string }, service: string, amr?: string[]) =>
    expect(await loginClaimsSeen(gateway(), { clientId: tenant.environment.appKey, secret: tenant.appSecret }, tokens)).toEqual(
      expectedLoginClaims(await upstreamLogin(testbed.gateway.running.runtime.database.dataSource, tokens.access_token, service, amr), tokens.id_token !== undefined),
    );
  const expectPage = (page: PageResponse, status: number, code: string) => {
    expect(page.status).toBe(status);
    expect(page.body).toContain(code);
    expect(page.headers.get('location')).toBeNull();
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    // The services' ids name their callbacks, which the IdP must know: created first, pointed at the IdP once it runs.
    const placeholder = { ...common, providerUri: 'https://idp.invalid/token', grantEndpoint: 'https://idp.invalid/auth', clientId: 'x', issuer: 'https://idp.invalid' };
    for (const [key, type, extra] of [
      ['oidc', 'oidc', {}],
      ['mismatch', 'oidc', {}],
      ['down', 'oidc', {}],
      ['oauth2Code', 'oauth2', { grantType: 'authorization_code', userIdAttribute: 'sub' }],
      ['oauth2Password', 'oauth2', { grantType: 'password', userIdAttribute: 'sub' }],
    ] as const) {
      const config = type === 'oidc' ? placeholder : { ...placeholder, issuer: undefined, ...extra };
      const created = await testbed.api('POST', '/v1/auth-services', { name: key, type, scope: { environmentId: tenant.environment.id }, config });
      expect(created).toMatchObject({ status: 201, body: { loginAvailable: true } });
      services[key] = created.body.id as string;
    }
    upstream = await startOidcUpstream({ users: USERS, redirectUris: Object.values(services).map(callbackOf), accessTokenTtl: 30 });
    mismatched = await startOidcUpstream({ users: USERS, redirectUris: [callbackOf(services.mismatch)], issuerHost: 'localhost' });
    const patch = (id: string, config: Record<string, unknown>) => testbed.api('PATCH', `/v1/auth-services/${id}`, { config });
    expect((await patch(services.oidc, oidcConfig(upstream))).status).toBe(200);
    expect((await patch(services.mismatch, oidcConfig(mismatched))).status).toBe(200);
    // Discovery answers, the token endpoint does not (a closed port).
    expect((await patch(services.down, oidcConfig(upstream, { providerUri: 'http://127.0.0.1:9/token' }))).status).toBe(200);
    expect((await patch(services.oauth2Code, oauth2Config('authorization_code'))).status).toBe(200);
    expect((await patch(services.oauth2Password, oauth2Config('password'))).status).toBe(200);
    const native = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, ACME_MOBILE);
    appClientId = native.clientId;
    app = await publicClientConfig(gateway(), appClientId);
    await use(services.oidc);
  });
  afterAll(async () => {
    await testbed?.stop();
    await upstream?.stop();
    await mismatched?.stop();
  });

  it('answers the callback URL to register at the IdP', async () => {
    expect((await testbed.api('GET', `/v1/auth-services/${services.oidc}`)).body.callbackUrl).toBe(callbackOf(services.oidc));
    expect((await testbed.api('GET', `/v1/auth-services/${services.oauth2Code}`)).body.callbackUrl).toBe(callbackOf(services.oauth2Code));
    expect((await testbed.api('GET', `/v1/auth-services/${services.oauth2Password}`)).body).not.toHaveProperty('callbackUrl');
  });

  it('signs an IdP user in by code + PKCE through the gateway: the upstream claims the service allows in userinfo, the session reused', async () => {
    const { agent, started, resumed } = await signIn({ username: 'alice', password: 'alice-password' });
    const idpRequest = new URL((await toIdp(new BrowserAgent())).idpUrl);
    expect(Object.fromEntries(idpRequest.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: upstream.client.clientId,
      redirect_uri: callbackOf(services.oidc),
      code_challenge_method: 'S256',
      scope: 'openid profile email',
      state: expect.any(String),
      nonce: expect.any(String),
    });
    const tokens = await exchange(app, resumed.location, started);
    expect(tokens.claims()).toMatchObject({ sub: expect.any(String) });
    const claims = await userinfo(tokens.access_token);
    expect(claims).toMatchObject({ department: 'R&D', email: 'alice@corp.example', name: 'Alice Archer' });
    expect(claims).not.toHaveProperty('employee_id');
    await expectLogin(tokens, services.oidc);
    expect(tokens.claims()).not.toHaveProperty('amr');
    expect(JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString('utf8'))).toMatchObject({ provider: services.oidc, providerUid: 'alice' });
    // The same browser's next authorization needs no trip to the IdP; its tokens carry the session's login claims.
    const reuse = await startAuthorization(app, REDIRECT);
    const again = await agent.get(reuse.url);
    expect(again.location.startsWith(REDIRECT)).toBe(true);
    const reused = await exchange(app, again.location, reuse);
    expect(await loginClaimsSeen(gateway(), { clientId: tenant.environment.appKey, secret: tenant.appSecret }, reused)).toEqual(
      await loginClaimsSeen(gateway(), { clientId: tenant.environment.appKey, secret: tenant.appSecret }, tokens),
    );
    await expectLogin(reused, services.oidc);
  });

  it('refuses an unknown state and a spent transaction with the INVALID_STATE page', async () => {
    const agent = new BrowserAgent();
    expectPage(await agent.get(`${callbackOf(services.oidc)}?code=anything&state=never-issued`), 400, 'INVALID_STATE');
    expectPage(await agent.get(`${callbackOf(services.oidc)}?code=anything`), 400, 'INVALID_STATE');
    expectPage(await agent.get(`${gateway()}/oauth2/not-a-uuid/callback?code=anything&state=x`), 400, 'INVALID_STATE');

    const { idpUrl } = await toIdp(agent);
    const callbackUrl = await atIdp(agent, idpUrl, { username: 'bob', password: 'bob-password' });
    // A state answers one callback of the service it went to, no other.
    expectPage(await agent.get(callbackUrl.replace(services.oidc, services.oauth2Code)), 400, 'INVALID_STATE');
    const resumeAt = (await agent.get(callbackUrl)).location;
    expectPage(await agent.get(callbackUrl), 400, 'INVALID_STATE');
    expect((await agent.get(resumeAt)).location.startsWith(REDIRECT)).toBe(true);
    expectPage(await agent.get(resumeAt), 400, 'INVALID_STATE');
  });

  it("refuses the resume in another browser (no binding cookie): no code, no session, and the right browser still finishes", async () => {
    const agent = new BrowserAgent();
    const { started, idpUrl } = await toIdp(agent);
    const resumeAt = (await agent.get(await atIdp(agent, idpUrl, { username: 'bob', password: 'bob-password' }))).location;
    const other = new BrowserAgent();
    const refused = await other.get(resumeAt);
    expectPage(refused, 400, 'INVALID_STATE');
    expect(refused.headers.getSetCookie()).toEqual([]);
    const resumed = await agent.get(resumeAt);
    const tokens = await exchange(app, resumed.location, started);
    expect(await userinfo(tokens.access_token)).toMatchObject({ department: 'Sales' });
  });

  it('sends the app access_denied (with its state and iss) when the user declines at the IdP', async () => {
    const agent = new BrowserAgent();
    const { started, idpUrl } = await toIdp(agent);
    const callbackUrl = await atIdp(agent, idpUrl, 'decline');
    const denied = await agent.get(callbackUrl);
    expect(denied.status).toBe(303);
    const back = new URL(denied.location);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', state: started.state, iss: gateway() });
    // Spent: the same answer again is a bad state, not a second redirect.
    expectPage(await agent.get(callbackUrl), 400, 'INVALID_STATE');
  });

  it('refuses an ID token whose nonce is not the one sent (UPSTREAM_REJECTED page, never a redirect)', async () => {
    const agent = new BrowserAgent();
    const { idpUrl } = await toIdp(agent);
    const tampered = new URL(idpUrl);
    tampered.searchParams.set('nonce', 'a-nonce-the-gateway-never-sent');
    const callback = await agent.get(await atIdp(agent, tampered.toString(), { username: 'alice', password: 'alice-password' }));
    expectPage(callback, 400, 'UPSTREAM_REJECTED');
  });

  it('refuses a provider whose discovered issuer is not the configured one (UPSTREAM_REJECTED)', async () => {
    await use(services.mismatch);
    try {
      const sent = await new BrowserAgent().get((await startAuthorization(app, REDIRECT)).url);
      expectPage(sent, 400, 'UPSTREAM_REJECTED');
    } finally {
      await use(services.oidc);
    }
  });

  it('answers a token endpoint that cannot be reached with the 503 UPSTREAM_UNAVAILABLE page', async () => {
    await use(services.down);
    try {
      const agent = new BrowserAgent();
      const { idpUrl } = await toIdp(agent);
      const callback = await agent.get(await atIdp(agent, idpUrl, { username: 'alice', password: 'alice-password' }));
      expectPage(callback, 503, 'UPSTREAM_UNAVAILABLE');
      expect(callback.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await use(services.oidc);
    }
  });

  it('shows a third-party app the consent page after the IdP, then issues the code; the upstream tokens survive the wait', async () => {
    const thirdParty = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, { ...ACME_MOBILE, name: 'Partner app', firstParty: false });
    const partner = await publicClientConfig(gateway(), thirdParty.clientId);
    const agent = new BrowserAgent();
    const started = await startAuthorization(partner, REDIRECT);
    const idpUrl = (await agent.get(started.url)).location;
    const resumeAt = (await agent.get(await atIdp(agent, idpUrl, { username: 'alice', password: 'alice-password' }))).location;
    const consent = await agent.get(resumeAt);
    expect(consent.status).toBe(200);
    expect(consent.body).toContain('/v3/oauth/consent');
    const allowed = await agent.post(`${gateway()}/v3/oauth/consent`, { login_tx: consent.loginTx, decision: 'allow' });
    const tokens = await exchange(partner, allowed.location, started);
    expect(await userinfo(tokens.access_token)).toMatchObject({ department: 'R&D' });
    // The consent waited with the session: the code issued after it carries the session's login claims.
    await expectLogin(tokens, services.oidc);
    // The login's upstream refresh token came through the consent: the gateway refresh asks the IdP with it, which has withdrawn it.
    await upstream.revokeRefreshTokens();
    const refreshed = await postForm(`${gateway()}/oauth/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: thirdParty.clientId });
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
  });

  it('refreshes through the upstream refresh token; once the IdP withdraws it, the gateway refresh fails and the login is revoked', async () => {
    const { started, resumed } = await signIn({ username: 'bob', password: 'bob-password' });
    const tokens = await exchange(app, resumed.location, started);
    const first = await refresh(tokens.refresh_token!);
    expect(first.status).toBe(200);
    const renewed = (await first.json()) as { access_token: string; refresh_token: string; id_token?: string };
    expect(await userinfo(renewed.access_token)).toMatchObject({ department: 'Sales' });
    await expectLogin(renewed, services.oidc);

    await upstream.revokeRefreshTokens();
    const refused = await refresh(renewed.refresh_token);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
    expect(await isActive(gateway(), { clientId: tenant.environment.appKey, secret: tenant.appSecret }, renewed.access_token)).toBe(false);
  });

  it('signs in through an oauth2 service by authorization code, the user id read from the user id endpoint', async () => {
    await use(services.oauth2Code);
    try {
      const { started, resumed } = await signIn({ username: 'alice', password: 'alice-password' });
      const idp = new URL((await toIdp(new BrowserAgent())).idpUrl);
      expect(Object.fromEntries(idp.searchParams)).toMatchObject({ code_challenge_method: 'S256', redirect_uri: callbackOf(services.oauth2Code), state: expect.any(String) });
      const tokens = await exchange(app, resumed.location, started);
      expect(await userinfo(tokens.access_token)).toMatchObject({ department: 'R&D', email: 'alice@corp.example' });
      await expectLogin(tokens, services.oauth2Code);
    } finally {
      await use(services.oidc);
    }
  });

  it("signs in through an oauth2 password service: the hosted form's credentials checked at the IdP's token endpoint", async () => {
    await use(services.oauth2Password);
    try {
      const wrong = await signInThroughLoginPage(gateway(), app, REDIRECT, { username: 'alice', password: 'not-her-password' });
      expect(wrong.loginPage.status).toBe(200);
      expect(wrong.callback.status).toBe(401);
      const { callback, started } = await signInThroughLoginPage(gateway(), app, REDIRECT, { username: 'alice', password: 'alice-password' });
      expect(callback.status).toBe(303);
      const tokens = await exchange(app, callback.location, started);
      expect(await userinfo(tokens.access_token)).toMatchObject({ department: 'R&D' });
      await expectLogin(tokens, services.oauth2Password, ['pwd']);
      const grant = await postForm(
        `${gateway()}/oauth/token`,
        { grant_type: 'password', username: 'bob', password: 'bob-password', scope: 'openid profile' },
        basicAuth(`${tenant.environment.appKey}.${services.oauth2Password}`, tenant.appSecret),
      );
      expect(grant.status).toBe(200);
      await expectLogin((await grant.json()) as { access_token: string; id_token?: string }, services.oauth2Password, ['pwd']);
    } finally {
      await use(services.oidc);
    }
  });
});
