import * as oidc from 'openid-client';
import { LocalIdentities } from '@rapidauth/identity';
import { BrowserAgent } from '../../support/browser-agent';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { exchange } from '../../support/login-flow';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { updateServiceConfig } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1:9000/cb';
const BOB = { username: 'bob', password: 'bob has a long password' };

/** Consent for third-party clients, the custom-CSS page, the custom hosted page, and code expiry. */
describe('login page modes and consent', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const setLocalService = (settings: Record<string, unknown>) => updateServiceConfig(gateway, tenant.localService.id, settings);
  const client = (firstParty: boolean) =>
    nativeAppConfig(gateway, tenant.environment.id, { name: firstParty ? 'First-party' : 'Partner app', firstParty, redirectUris: ['http://127.0.0.1/cb'] });

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    await gateway.get(LocalIdentities).create(tenant.environment.id, BOB);
  });

  afterEach(() => setLocalService({ loginPage: { mode: 'default' }, grantTtl: 10 }));

  afterAll(() => gateway?.stop());

  it('asks a third-party client for consent once; deny answers access_denied', async () => {
    const config = await client(false);
    const agent = new BrowserAgent();
    const started = await startAuthorization(config, REDIRECT, 'openid profile');
    const login = await agent.get(started.url);
    const consent = await agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: login.loginTx, ...BOB });
    expect(consent.status).toBe(200);
    expect(consent.body).toContain('Allow access?');
    expect(consent.body).toContain('<li>profile</li>');
    const callback = await agent.post(`${gateway.url}/v3/oauth/consent`, { login_tx: consent.loginTx, decision: 'allow' });
    const tokens = await exchange(config, callback.location, started);
    expect(tokens.scope).toBe('openid profile');

    // Consent remembered: the next authorization for the same scopes goes straight back.
    const again = await agent.get((await startAuthorization(config, REDIRECT, 'openid profile')).url);
    expect(again.status).toBe(303);
    expect(new URL(again.location).searchParams.get('code')).toBeTruthy();

    // A new scope asks again; denying sends access_denied.
    const wider = await startAuthorization(config, REDIRECT, 'openid profile email');
    const ask = await agent.get(wider.url);
    expect(ask.body).toContain('Allow access?');
    const denied = await agent.post(`${gateway.url}/v3/oauth/consent`, { login_tx: ask.loginTx, decision: 'deny' });
    expect(new URL(denied.location).searchParams.get('error')).toBe('access_denied');
    expect(new URL(denied.location).searchParams.get('state')).toBe(wider.state);
  });

  it('refuses a login_tx replayed from another browser (login CSRF)', async () => {
    const config = await client(true);
    const page = await new BrowserAgent().get((await startAuthorization(config, REDIRECT)).url);
    const attacker = await new BrowserAgent().post(`${gateway.url}/v3/oauth/login`, { login_tx: page.loginTx, ...BOB });
    expect(attacker.status).toBe(400);
    expect(attacker.headers.get('location')).toBeNull();
  });

  it('links the custom stylesheet on the page with custom CSS and allows it in the CSP', async () => {
    await setLocalService({ loginPage: { mode: 'css', url: 'https://cdn.example.com/brand.css' } });
    const config = await client(true);
    const page = await new BrowserAgent().get((await startAuthorization(config, REDIRECT)).url);
    expect(page.body).toContain('<link rel="stylesheet" href="https://cdn.example.com/brand.css">');
    expect(page.headers.get('content-security-policy')).toMatch(/style-src 'self' https:\/\/cdn\.example\.com;/);
  });

  it('sends the browser to a custom hosted page with login_tx, which posts back', async () => {
    await setLocalService({ loginPage: { mode: 'hosted', url: 'https://login.example.com/signin' } });
    const config = await client(true);
    const started = await startAuthorization(config, REDIRECT);
    const agent = new BrowserAgent();
    const toPage = await agent.get(started.url);
    expect(toPage.status).toBe(303);
    const hosted = new URL(toPage.location);
    expect(hosted.origin + hosted.pathname).toBe('https://login.example.com/signin');
    expect(hosted.searchParams.get('client_id')).toBe(config.clientMetadata().client_id);
    expect(hosted.searchParams.get('service')).toBe(tenant.localService.id);
    const loginTx = hosted.searchParams.get('login_tx')!;

    // The hosted page posts from the same browser, which sends its binding cookie back; failures go back to the page.
    const failed = await agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginTx, username: 'bob', password: 'wrong password!!' });
    expect(failed.status).toBe(303);
    const back = new URL(failed.location);
    expect(back.searchParams.get('error')).toBe('INVALID_CREDENTIALS');
    expect(back.searchParams.get('login_tx')).toBe(loginTx);
    const success = await agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginTx, ...BOB });
    expect(success.status).toBe(303);
    await exchange(config, success.location, started);
    // Single use.
    const replay = await agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginTx, ...BOB });
    expect(replay.status).toBe(400);
  });

  it('refuses a code after the service grant TTL', async () => {
    await setLocalService({ grantTtl: 1 });
    const config = await client(true);
    const agent = new BrowserAgent();
    const started = await startAuthorization(config, REDIRECT);
    const page = await agent.get(started.url);
    const callback = await agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: page.loginTx, ...BOB });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await expect(exchange(config, callback.location, started)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects appKey.serviceId naming a service the environment does not enable', async () => {
    const other = await createTenant(gateway.provisioner);
    const response = await new BrowserAgent().get(
      `${gateway.url}/v3/oauth/auth?client_id=${tenant.environment.appKey}.${other.localService.id}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code`,
    );
    expect(response.status).toBe(400);
    expect(response.body).toContain('PROVIDER_DISABLED');
    expect(oidc).toBeDefined();
  });
});
