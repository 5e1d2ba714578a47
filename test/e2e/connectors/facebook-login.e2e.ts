import * as oidc from 'openid-client';
import { TokenVault } from '@rapidauth/vault';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { startFacebookGraph, type FacebookGraph } from '../../support/facebook-graph';
import { expectedLoginClaims, loginClaimsSeen } from '../../support/login-claims';
import { exchange } from '../../support/login-flow';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const REDIRECT = ACME_MOBILE.redirectUris[0];
/** Facebook users as the Graph API knows them. */
const USERS = {
  alice: { id: '10210000000000001', name: 'Alice Archer', first_name: 'Alice', last_name: 'Archer', email: 'alice@mail.example', birthday: '01/02/1990' },
  carol: { id: '10210000000000003', name: 'Carol Cole', first_name: 'Carol', last_name: 'Cole' },
};
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sid: string; sub: string };

/**
 * Facebook Login through the gateway against a local Graph API stand-in, with openid-client as the
 * app: the dialog request (state, PKCE S256, scope), the code redeemed with the verifier, `/me` read
 * with the token in the Authorization header and its `appsecret_proof`, the allowed attributes in
 * userinfo and the upstream token in the vault. The refusals: the user declining (access_denied to
 * the app), no user id in `/me`, a wrong secret or proof and Graph error answers (UPSTREAM_REJECTED),
 * Graph unreachable or busy (UPSTREAM_UNAVAILABLE), unknown or spent state (INVALID_STATE).
 */
describe('connectors e2e: Facebook Login through the Graph API stand-in', () => {
  let testbed: AdminTestbed;
  let graph: FacebookGraph;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let app: oidc.Configuration;
  const services: Record<'facebook' | 'byEmail' | 'wrongSecret' | 'down', string> = {} as never;

  const gateway = () => testbed.gateway.url;
  const callbackOf = (serviceId: string) => `${gateway()}/oauth2/${serviceId}/callback`;
  const configOf = (overrides: Record<string, unknown> = {}) => ({
    redirectUris: [REDIRECT],
    allowedAttributes: ['name', 'email', 'first_name', 'client_token'],
    clientId: graph.app.clientId,
    clientSecret: graph.app.clientSecret,
    userIdAttribute: 'id',
    scope: 'email public_profile',
    dialogUrl: graph.dialogUrl,
    graphApiUrl: graph.graphApiUrl,
    ...overrides,
  });
  const use = async (serviceId: string) => {
    const put = await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, ...Object.values(services)],
      defaultService: serviceId,
    });
    expect(put.status).toBe(200);
  };
  const identitiesOf = async (serviceId: string) =>
    Number((await testbed.gateway.running.runtime.database.dataSource.query(`SELECT count(*) AS "n" FROM "identity" WHERE "provider" = $1`, [serviceId]))[0].n);
  const userinfo = async (accessToken: string) =>
    (await fetch(`${gateway()}/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).json() as Promise<Record<string, unknown>>;

  /** The app's authorization, and the browser at the Facebook dialog as `user` (or declining): the URL it is sent back to. */
  const throughDialog = async (agent: BrowserAgent, user: keyof typeof USERS | 'decline') => {
    const started = await startAuthorization(app, REDIRECT);
    const sent = await agent.get(started.url);
    expect(sent.status).toBe(303);
    const dialog = new URL(sent.location);
    dialog.searchParams.set('user', user);
    const back = await agent.get(dialog.toString());
    expect(back.status).toBe(302);
    return { started, dialog, callbackUrl: back.location };
  };
  const expectPage = (page: PageResponse, status: number, code: string) => {
    expect(page.status).toBe(status);
    expect(page.body).toContain(code);
    expect(page.headers.get('location')).toBeNull();
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    graph = await startFacebookGraph(USERS);
    tenant = await createTenant(testbed.gateway.provisioner);
    for (const [key, overrides] of [
      ['facebook', {}],
      ['byEmail', { userIdAttribute: 'email' }],
      ['wrongSecret', { clientSecret: 'not-the-app-secret' }],
      // The dialog answers; the Graph API (token endpoint and /me) is a closed port.
      ['down', { graphApiUrl: 'http://127.0.0.1:9/v19.0' }],
    ] as const) {
      const created = await testbed.api('POST', '/v1/auth-services', { name: key, type: 'facebook', scope: { environmentId: tenant.environment.id }, config: configOf(overrides) });
      expect(created).toMatchObject({ status: 201, body: { loginAvailable: true } });
      services[key] = created.body.id as string;
    }
    const native = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, ACME_MOBILE);
    app = await publicClientConfig(gateway(), native.clientId);
    await use(services.facebook);
  });
  afterAll(async () => {
    await testbed?.stop();
    await graph?.stop();
  });
  afterEach(() => {
    graph.failing = undefined;
    graph.proofSecret = graph.app.clientSecret;
  });

  it('answers the callback URL to register in the Facebook app, and the Graph defaults', async () => {
    const service = (await testbed.api('GET', `/v1/auth-services/${services.facebook}`)).body;
    expect(service).toMatchObject({ callbackUrl: callbackOf(services.facebook), secretsSet: ['clientSecret'] });
    const defaults = await testbed.api('POST', '/v1/auth-services', {
      name: 'defaults',
      type: 'facebook',
      scope: { environmentId: tenant.environment.id },
      config: { redirectUris: [REDIRECT], allowedAttributes: [], clientId: '42', userIdAttribute: 'id' },
    });
    expect(defaults.body.config).toMatchObject({ dialogUrl: 'https://www.facebook.com/v19.0/dialog/oauth', graphApiUrl: 'https://graph.facebook.com/v19.0' });
    const plain = await testbed.api('POST', '/v1/auth-services', {
      name: 'plain',
      type: 'facebook',
      scope: { environmentId: tenant.environment.id },
      config: { ...configOf(), graphApiUrl: 'http://graph.facebook.com/v19.0' },
    });
    expect(plain).toMatchObject({ status: 400, body: { code: 'INVALID_SERVICE_CONFIG', fields: [expect.objectContaining({ field: 'config.graphApiUrl' })] } });
  });

  it('signs a Facebook user in: PKCE and state at the dialog, /me with the proof, the allowed attributes in userinfo, the token in the vault', async () => {
    const agent = new BrowserAgent();
    const { started, dialog, callbackUrl } = await throughDialog(agent, 'alice');
    expect(Object.fromEntries(dialog.searchParams)).toMatchObject({
      client_id: graph.app.clientId,
      response_type: 'code',
      redirect_uri: callbackOf(services.facebook),
      scope: 'email,public_profile',
      code_challenge_method: 'S256',
      state: expect.any(String),
    });
    const callback = await agent.get(callbackUrl);
    expect(callback.status).toBe(303);
    expect(callback.location.startsWith(`${gateway()}/v3/oauth/resume?login_tx=`)).toBe(true);
    const resumed = await agent.get(callback.location);
    const tokens = await exchange(app, resumed.location, started);

    expect(graph.requests.token.at(-1)).toMatchObject({ grant_type: 'authorization_code', redirect_uri: callbackOf(services.facebook), code_verifier: expect.any(String) });
    const asked = graph.requests.me.at(-1)!;
    expect(asked.query.fields.split(',')).toEqual(expect.arrayContaining(['id', 'email', 'name', 'first_name', 'last_name']));
    expect(asked.query.fields.split(',')).not.toContain('client_token');
    expect(asked.query).not.toHaveProperty('access_token');
    expect(asked.authorization).toMatch(/^Bearer EAAB/);

    const claims = await userinfo(tokens.access_token);
    expect(claims).toMatchObject({ name: 'Alice Archer', email: 'alice@mail.example', first_name: 'Alice' });
    expect(claims).not.toHaveProperty('last_name');
    expect(claims).not.toHaveProperty('birthday');
    const held = await testbed.gateway.get(TokenVault).get(claimsOf(tokens.access_token).sid);
    expect(held?.access_token?.value).toBe(asked.authorization!.slice('Bearer '.length));
    expect(held?.access_token?.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 5_000_000_000);
    expect(held).not.toHaveProperty('refresh_token');
    // A redirect login: the Facebook user id (userIdAttribute) names the identity; no amr (docs/gateway.md#login-claims).
    const login = { uid: claimsOf(tokens.access_token).sub, provider: services.facebook, providerUid: USERS.alice.id };
    expect(await loginClaimsSeen(gateway(), { clientId: tenant.environment.appKey, secret: tenant.appSecret }, tokens)).toEqual(
      expectedLoginClaims(login, tokens.id_token !== undefined),
    );
  });

  it('refuses to change userIdAttribute once users signed in through the service (409 IDENTITIES_EXIST), changing nothing', async () => {
    expect(await identitiesOf(services.facebook)).toBeGreaterThan(0);
    const refused = await testbed.api('PATCH', `/v1/auth-services/${services.facebook}`, { name: 'renamed', config: { userIdAttribute: 'email' } });
    expect(refused).toMatchObject({ status: 409, body: { code: 'IDENTITIES_EXIST', fields: [expect.objectContaining({ field: 'config.userIdAttribute' })] } });
    expect((await testbed.api('GET', `/v1/auth-services/${services.facebook}`)).body).toMatchObject({ name: 'facebook', config: { userIdAttribute: 'id' } });
    expect((await testbed.api('PATCH', `/v1/auth-services/${services.facebook}`, { config: { userIdAttribute: 'id', scope: 'email' } })).status).toBe(200);
    expect((await testbed.api('PATCH', `/v1/auth-services/${services.facebook}`, { config: { scope: 'email public_profile' } })).status).toBe(200);
  });

  it('sends the app access_denied with its state when the user declines at the dialog; the answer is spent', async () => {
    const agent = new BrowserAgent();
    const { started, callbackUrl } = await throughDialog(agent, 'decline');
    const denied = await agent.get(callbackUrl);
    expect(denied.status).toBe(303);
    const back = new URL(denied.location);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', state: started.state });
    expectPage(await agent.get(callbackUrl), 400, 'INVALID_STATE');
  });

  it('refuses an unknown, missing or spent state with the INVALID_STATE page', async () => {
    const agent = new BrowserAgent();
    expectPage(await agent.get(`${callbackOf(services.facebook)}?code=anything&state=never-issued`), 400, 'INVALID_STATE');
    expectPage(await agent.get(`${callbackOf(services.facebook)}?code=anything`), 400, 'INVALID_STATE');
    const { callbackUrl } = await throughDialog(agent, 'alice');
    expectPage(await agent.get(callbackUrl.replace(services.facebook, services.byEmail)), 400, 'INVALID_STATE');
    expect((await agent.get(callbackUrl)).status).toBe(303);
    expectPage(await agent.get(callbackUrl), 400, 'INVALID_STATE');
  });

  it('refuses a callback with a valid state but neither code nor error (UPSTREAM_REJECTED), spending the state', async () => {
    const agent = new BrowserAgent();
    const bare = new URL((await throughDialog(agent, 'alice')).callbackUrl);
    bare.searchParams.delete('code');
    expectPage(await agent.get(bare.toString()), 400, 'UPSTREAM_REJECTED');
    expectPage(await agent.get(bare.toString()), 400, 'INVALID_STATE');
  });

  it('refuses a user /me does not name (no userIdAttribute field): UPSTREAM_REJECTED page and no account', async () => {
    await use(services.byEmail);
    try {
      const agent = new BrowserAgent();
      const { callbackUrl } = await throughDialog(agent, 'carol');
      expectPage(await agent.get(callbackUrl), 400, 'UPSTREAM_REJECTED');
      expect(await identitiesOf(services.byEmail)).toBe(0);
    } finally {
      await use(services.facebook);
    }
  });

  it('refuses a login when the configured secret is wrong, at the token endpoint or in the appsecret_proof (UPSTREAM_REJECTED)', async () => {
    await use(services.wrongSecret);
    try {
      const agent = new BrowserAgent();
      expectPage(await agent.get((await throughDialog(agent, 'alice')).callbackUrl), 400, 'UPSTREAM_REJECTED');
      expect(graph.requests.refused.at(-1)).toBe('client_secret');
    } finally {
      await use(services.facebook);
    }
    // The app secret reset at Facebook after the token was issued: /me refuses the proof.
    graph.proofSecret = 'the-new-app-secret';
    const agent = new BrowserAgent();
    const callback = await agent.get((await throughDialog(agent, 'alice')).callbackUrl);
    expectPage(callback, 400, 'UPSTREAM_REJECTED');
    expect(graph.requests.refused.at(-1)).toBe('appsecret_proof');
    expect(callback.body).not.toContain(graph.app.clientSecret);
    expect(callback.body).not.toContain('EAAB');
  });

  it('refuses Graph error answers (UPSTREAM_REJECTED), but a busy Graph is UPSTREAM_UNAVAILABLE', async () => {
    for (const endpoint of ['token', 'me'] as const) {
      graph.failing = { endpoint, code: 190 };
      const agent = new BrowserAgent();
      expectPage(await agent.get((await throughDialog(agent, 'alice')).callbackUrl), 400, 'UPSTREAM_REJECTED');
    }
    graph.failing = { endpoint: 'me', code: 2 };
    const agent = new BrowserAgent();
    expectPage(await agent.get((await throughDialog(agent, 'alice')).callbackUrl), 503, 'UPSTREAM_UNAVAILABLE');
  });

  it('answers an unreachable Graph API with the 503 UPSTREAM_UNAVAILABLE page, creating no account', async () => {
    await use(services.down);
    try {
      const agent = new BrowserAgent();
      const callback = await agent.get((await throughDialog(agent, 'alice')).callbackUrl);
      expectPage(callback, 503, 'UPSTREAM_UNAVAILABLE');
      expect(callback.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await identitiesOf(services.down)).toBe(0);
    } finally {
      await use(services.facebook);
    }
  });
});
