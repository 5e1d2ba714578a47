import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VaultEntryEntity } from '@rapidauth/database';
import { UpstreamValidation } from '@rapidauth/oauth';
import { TokenVault } from '@rapidauth/vault';
import type * as oidc from 'openid-client';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { startOidcUpstream, type OidcUpstream } from '../../support/oidc-upstream';
import { isActive, postForm } from '../../support/requests';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';
import { startTwoInstances, within, type TwoInstances } from '../../support/two-instances';

const REDIRECT = ACME_MOBILE.redirectUris[0];
const USERS = {
  alice: { password: 'alice-password', claims: { name: 'Alice Archer', preferred_username: 'alice', email: 'alice@corp.example', department: 'R&D' } },
  bob: { password: 'bob-password', claims: { name: 'Bob Baker', preferred_username: 'bob', email: 'bob@corp.example', department: 'Sales' } },
};
type Credentials = { username: string; password: string };

/** When the relay passed one refresh grant on (ms since the epoch), and when its answer came back. */
interface Span {
  readonly start: number;
  end?: number;
}

/**
 * A relay in front of an IdP's token endpoint: records each refresh grant it passes (holding it
 * `refreshDelayMs` first, so that refreshes sent at the same time overlap), and while `down` resets
 * every connection (the token endpoint unreachable; discovery and userinfo, asked at the IdP
 * itself, still answer).
 */
async function startTokenRelay(target: string) {
  const relay = { refreshes: [] as Span[], refreshDelayMs: 0, down: false };
  const server: Server = createServer((incoming, outgoing) => {
    if (relay.down) {
      incoming.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const span: Span | undefined = new URLSearchParams(body.toString('utf8')).get('grant_type') === 'refresh_token' ? { start: Date.now() } : undefined;
      if (span) relay.refreshes.push(span);
      const forward = () => {
        const upstream = httpRequest(`${target}${incoming.url}`, { method: incoming.method, headers: { ...incoming.headers, host: new URL(target).host } }, (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          answer.on('end', () => span && (span.end = Date.now()));
        });
        upstream.end(body);
      };
      if (span && relay.refreshDelayMs > 0) setTimeout(forward, relay.refreshDelayMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(relay, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sid: string };

/**
 * Upstream refresh against a real OpenID provider (oidc-provider, in-process), on two instances
 * of one installation (docs/gateway.md#upstream-refresh): an oauth2 login's gateway refresh
 * refreshes upstream when its upstream access token nears expiry, fails with the login revoked when
 * the IdP refuses, and answers 503 with nothing revoked while the IdP is unreachable; two instances
 * refreshing one login at once redeem the upstream refresh token once (the lease); the background
 * validation revokes a login the IdP withdrew, refused by the other instance within a second, and
 * leaves alone what is far from expiry or cannot be asked. A form login through a consent page
 * keeps its upstream tokens.
 */
describe('connectors e2e: upstream refresh, its lease and the background validation (two instances)', () => {
  let instances: TwoInstances;
  /** Access tokens of 30 s: every login of it is due for an upstream refresh at once. */
  let idp: OidcUpstream;
  let longIdp: OidcUpstream;
  let relay: Awaited<ReturnType<typeof startTokenRelay>>;
  let longRelay: Awaited<ReturnType<typeof startTokenRelay>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let app: oidc.Configuration;
  let appClientId: string;
  const services: Record<'oidc' | 'oauth2Code' | 'oauth2Password' | 'oidcLong', string> = {} as never;

  const gateway = () => instances.first.url;
  const callbackOf = (serviceId: string) => `${gateway()}/oauth2/${serviceId}/callback`;
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${instances.first.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${instances.root}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const common = { redirectUris: [REDIRECT], allowedAttributes: ['department', 'email'], allowRefreshTokens: true, refreshReuseGraceSeconds: 30 };
  const oidcConfig = (upstream: OidcUpstream, tokenRelay: { url: string }) => ({
    ...common,
    providerUri: `${tokenRelay.url}/token`,
    grantEndpoint: `${upstream.url}/auth`,
    clientId: upstream.client.clientId,
    clientSecret: upstream.client.clientSecret,
    issuer: upstream.url,
    scope: 'profile email',
  });
  const oauth2Config = (grantType: 'authorization_code' | 'password') => ({
    ...common,
    providerUri: `${relay.url}/token`,
    grantType,
    grantEndpoint: `${idp.url}/auth`,
    clientId: idp.client.clientId,
    clientSecret: idp.client.clientSecret,
    userIdAttribute: 'sub',
    userIdEndpoint: `${idp.url}/me`,
    scope: 'openid profile email',
  });
  const use = async (serviceId: string) => {
    const put = await api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, ...Object.values(services)],
      defaultService: serviceId,
    });
    expect(put.status).toBe(200);
  };
  const refreshAt = (url: string, refreshToken: string, clientId = appClientId) =>
    postForm(`${url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
  const introspector = () => ({ clientId: tenant.environment.appKey, secret: tenant.appSecret });
  const vaultEntry = (familyId: string) => instances.first.running.runtime.database.dataSource.manager.findOneBy(VaultEntryEntity, { familyId });
  const familyRow = async (familyId: string): Promise<{ revoked_reason: string | null }> =>
    (await instances.first.running.runtime.database.dataSource.query(`SELECT "revoked_reason" FROM "refresh_token_family" WHERE "id" = $1`, [familyId]))[0];

  /** At the IdP: its redirects followed and its login form answered, until it sends the browser back to the gateway. */
  const atIdp = async (agent: BrowserAgent, url: string, credentials: Credentials): Promise<string> => {
    let current = url;
    let response: PageResponse = await agent.get(current);
    for (let step = 0; step < 10; step++) {
      if (response.status === 200 && current.includes('/interaction/')) {
        response = await agent.post(`${current}/login`, { ...credentials });
        continue;
      }
      const next = new URL(response.location, current).toString();
      if (next.startsWith(gateway())) return next;
      current = next;
      response = await agent.get(current);
    }
    throw new Error('the IdP never sent the browser back');
  };
  /** A redirect login through `serviceId` (the environment's default for it), exchanged for the app's tokens. */
  const signIn = async (serviceId: string, credentials: Credentials) => {
    await use(serviceId);
    const agent = new BrowserAgent();
    const started = await startAuthorization(app, REDIRECT);
    const toIdp = await agent.get(started.url);
    expect(toIdp.status).toBe(303);
    const callback = await agent.get(await atIdp(agent, toIdp.location, credentials));
    expect(callback.status).toBe(303);
    const resumed = await agent.get(callback.location);
    expect(resumed.status).toBe(303);
    const tokens = await exchange(app, resumed.location, started);
    return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token!, familyId: claimsOf(tokens.access_token).sid };
  };

  beforeAll(async () => {
    instances = await startTwoInstances();
    tenant = await createTenant(instances.first.provisioner);
    // The services' ids name their callbacks, which the IdPs must know: created first, pointed at the IdPs once they run.
    const placeholder = { ...common, providerUri: 'https://idp.invalid/token', grantEndpoint: 'https://idp.invalid/auth', clientId: 'x', issuer: 'https://idp.invalid' };
    for (const [key, type, extra] of [
      ['oidc', 'oidc', {}],
      ['oidcLong', 'oidc', {}],
      ['oauth2Code', 'oauth2', { grantType: 'authorization_code', userIdAttribute: 'sub' }],
      ['oauth2Password', 'oauth2', { grantType: 'password', userIdAttribute: 'sub' }],
    ] as const) {
      const config = type === 'oidc' ? placeholder : { ...placeholder, issuer: undefined, ...extra };
      const created = await api('POST', '/v1/auth-services', { name: key, type, scope: { environmentId: tenant.environment.id }, config });
      expect(created).toMatchObject({ status: 201, body: { loginAvailable: true } });
      services[key] = created.body.id as string;
    }
    idp = await startOidcUpstream({ users: USERS, redirectUris: Object.values(services).map(callbackOf), accessTokenTtl: 30 });
    longIdp = await startOidcUpstream({ users: USERS, redirectUris: [callbackOf(services.oidcLong)], accessTokenTtl: 3600 });
    [relay, longRelay] = await Promise.all([startTokenRelay(idp.url), startTokenRelay(longIdp.url)]);
    const patch = (id: string, config: Record<string, unknown>) => api('PATCH', `/v1/auth-services/${id}`, { config });
    expect((await patch(services.oidc, oidcConfig(idp, relay))).status).toBe(200);
    expect((await patch(services.oidcLong, oidcConfig(longIdp, longRelay))).status).toBe(200);
    expect((await patch(services.oauth2Code, oauth2Config('authorization_code'))).status).toBe(200);
    expect((await patch(services.oauth2Password, oauth2Config('password'))).status).toBe(200);
    appClientId = (await createNativeApp(instances.first.provisioner, tenant.environment.id, ACME_MOBILE)).clientId;
    app = await publicClientConfig(gateway(), appClientId);
  });

  afterAll(async () => {
    await instances?.stop();
    await Promise.all([idp?.stop(), longIdp?.stop(), relay?.stop(), longRelay?.stop()]);
  });

  afterEach(() => {
    relay.down = false;
    relay.refreshDelayMs = 0;
  });

  it('never refreshes one login upstream twice at once when both instances refresh it at the same time (the lease)', async () => {
    const login = await signIn(services.oauth2Code, { username: 'alice', password: 'alice-password' });
    const seen = relay.refreshes.length;
    // Held long enough at the relay that, without the lease, the two instances' upstream refreshes would overlap.
    relay.refreshDelayMs = 400;
    const answers = await Promise.all([refreshAt(instances.first.url, login.refreshToken), refreshAt(instances.second.url, login.refreshToken)]);
    const spans = relay.refreshes.slice(seen);
    expect(spans.length).toBeGreaterThanOrEqual(1);
    // The IdP's tokens live 30 s, so the second refresh, once the lease is free, redeems the first's new refresh token: after it, never beside it.
    for (const [earlier, later] of spans.slice(1).map((span, i) => [spans[i], span])) expect(later.start).toBeGreaterThanOrEqual(earlier.end!);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const renewed = (await answers.find((answer) => answer.status === 200)!.json()) as { access_token: string; refresh_token: string };
    // The other presented a token rotated within the grace period: refused, the login kept.
    expect(await familyRow(login.familyId)).toMatchObject({ revoked_reason: null });
    expect((await refreshAt(instances.second.url, renewed.refresh_token)).status).toBe(200);
  });

  it('refreshes an oauth2 login upstream at the gateway refresh once its upstream access token nears expiry: new tokens in the vault', async () => {
    const login = await signIn(services.oauth2Code, { username: 'bob', password: 'bob-password' });
    const before = (await instances.first.get(TokenVault).get(login.familyId))!;
    expect(before).toMatchObject({ access_token: { value: expect.any(String) }, refresh_token: { value: expect.any(String) } });
    const refreshed = await refreshAt(gateway(), login.refreshToken);
    expect(refreshed.status).toBe(200);
    const after = (await instances.first.get(TokenVault).get(login.familyId))!;
    expect(after.access_token.value).not.toBe(before.access_token.value);
    expect(after.access_token.expiresAt!.getTime()).toBeGreaterThan(before.access_token.expiresAt!.getTime());
  });

  it('answers the gateway refresh 503 UPSTREAM_UNAVAILABLE while the IdP cannot be reached, revoking and spending nothing', async () => {
    const login = await signIn(services.oauth2Code, { username: 'alice', password: 'alice-password' });
    relay.down = true;
    const refused = await refreshAt(gateway(), login.refreshToken);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: 'temporarily_unavailable', code: 'UPSTREAM_UNAVAILABLE' });
    expect(await isActive(instances.second.url, introspector(), login.accessToken)).toBe(true);
    relay.down = false;
    expect((await refreshAt(gateway(), login.refreshToken)).status).toBe(200);
  });

  it('keeps the upstream tokens of a form login through the consent page (a third-party app, oauth2 password)', async () => {
    await use(services.oauth2Password);
    const partnerId = (await createNativeApp(instances.first.provisioner, tenant.environment.id, { ...ACME_MOBILE, name: 'Partner app', firstParty: false })).clientId;
    const partner = await publicClientConfig(gateway(), partnerId);
    const { agent, started, callback } = await signInThroughLoginPage(gateway(), partner, REDIRECT, { username: 'alice', password: 'alice-password' });
    expect(callback.status).toBe(200);
    expect(callback.body).toContain('/v3/oauth/consent');
    const allowed = await agent.post(`${gateway()}/v3/oauth/consent`, { login_tx: callback.loginTx, decision: 'allow' });
    expect(allowed.status).toBe(303);
    const tokens = await exchange(partner, allowed.location, started);
    expect(await instances.first.get(TokenVault).get(claimsOf(tokens.access_token).sid)).toMatchObject({ access_token: { value: expect.any(String) } });
  });

  describe('background validation', () => {
    const runOnce = () => instances.first.get(UpstreamValidation).runOnce(new Date(), 100);

    it('leaves a login whose upstream tokens are far from expiry untouched', async () => {
      const login = await signIn(services.oidcLong, { username: 'bob', password: 'bob-password' });
      const before = await vaultEntry(login.familyId);
      const seen = longRelay.refreshes.length;
      await runOnce();
      expect(longRelay.refreshes).toHaveLength(seen);
      expect(await vaultEntry(login.familyId)).toEqual(before);
    });

    it('revokes nothing while the IdP cannot be reached', async () => {
      const login = await signIn(services.oidc, { username: 'alice', password: 'alice-password' });
      relay.down = true;
      const run = await runOnce();
      expect(run.unavailable).toBeGreaterThanOrEqual(1);
      expect(run.revoked).toBe(0);
      expect(await familyRow(login.familyId)).toMatchObject({ revoked_reason: null });
      expect(await isActive(instances.second.url, introspector(), login.accessToken)).toBe(true);
    });

    it('revokes a login whose grant the IdP withdrew: the other instance refuses its access token within 1 s', async () => {
      const login = await signIn(services.oidc, { username: 'bob', password: 'bob-password' });
      expect(await isActive(instances.second.url, introspector(), login.accessToken)).toBe(true);
      await idp.revokeRefreshTokens();
      await runOnce();
      expect(await within(1000, async () => !(await isActive(instances.second.url, introspector(), login.accessToken)))).toBe(true);
      expect(await familyRow(login.familyId)).toMatchObject({ revoked_reason: 'upstream_refresh_failed' });
      expect(await vaultEntry(login.familyId)).toBeNull();
      // The app's next refresh, at either instance, says why the login ended.
      const refused = await refreshAt(instances.second.url, login.refreshToken);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
    });

    it('after which the gateway refresh of an oauth2 login the IdP withdrew fails UPSTREAM_REFRESH_FAILED, its access token inactive', async () => {
      const login = await signIn(services.oauth2Code, { username: 'alice', password: 'alice-password' });
      await idp.revokeRefreshTokens();
      const refused = await refreshAt(gateway(), login.refreshToken);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
      expect(await within(1000, async () => !(await isActive(instances.second.url, introspector(), login.accessToken)))).toBe(true);
    });
  });
});
