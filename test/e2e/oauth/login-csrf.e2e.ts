import { LocalIdentities } from '@rapidauth/identity';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { exchange } from '../../support/login-flow';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { updateServiceConfig } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1:9000/cb';
const MALLORY = { username: 'mallory', password: 'mallory has a long password' };
const HOSTED_PAGE = 'https://login.example.com/signin';

/**
 * Login CSRF (RFC 9700 §4.7): a login transaction works only in the browser that started it, on
 * a custom hosted page as on our own login page. Jar A is the browser that started; jar B is
 * another browser that got hold of A's `login_tx` (or, the other way round, the attacker's
 * `login_tx` posted from the victim's browser).
 */
describe('login transactions are bound to their browser', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const query = (sql: string, params: unknown[]) => gateway.running.runtime.database.dataSource.query(sql, params);
  const sessionCount = async () =>
    Number((await query('SELECT count(*) AS n FROM "browser_session" WHERE "environment_id" = $1', [tenant.environment.id]))[0].n);
  const consentCount = async (clientId: string) => Number((await query('SELECT count(*) AS n FROM "consent" WHERE "client_id" = $1', [clientId]))[0].n);
  const setLoginPage = (loginPage: Record<string, unknown>) => updateServiceConfig(gateway, tenant.localService.id, { loginPage });
  const client = (firstParty: boolean) =>
    nativeAppConfig(gateway, tenant.environment.id, { name: firstParty ? 'First-party' : 'Partner app', firstParty, redirectUris: ['http://127.0.0.1/cb'] });
  const setCookies = (response: PageResponse) => response.headers.getSetCookie();
  const expectRefused = (response: PageResponse) => {
    expect(response.status).toBe(400);
    expect(response.body).toContain('INVALID_STATE');
    expect(response.headers.get('location')).toBeNull();
    expect(setCookies(response).filter((cookie) => cookie.startsWith('ra_session_'))).toEqual([]);
  };

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    await gateway.get(LocalIdentities).create(tenant.environment.id, MALLORY);
  });

  afterEach(() => setLoginPage({ mode: 'default' }));

  afterAll(() => gateway?.stop());

  /** Jar A is sent to the hosted page; returns A's login_tx as the page receives it. */
  const startAtHostedPage = async (agent: BrowserAgent, config: Awaited<ReturnType<typeof client>>) => {
    const started = await startAuthorization(config, REDIRECT);
    const toPage = await agent.get(started.url);
    expect(toPage.status).toBe(303);
    return { started, toPage, loginTx: new URL(toPage.location).searchParams.get('login_tx')! };
  };

  it("hosted page: another browser posting A's login_tx gets no code and no session (login CSRF)", async () => {
    await setLoginPage({ mode: 'hosted', url: HOSTED_PAGE });
    const config = await client(true);
    const victim = new BrowserAgent();
    const { loginTx } = await startAtHostedPage(new BrowserAgent(), config);
    const sessionsBefore = await sessionCount();

    expectRefused(await victim.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginTx, ...MALLORY }));
    expect(victim.cookieNames()).toEqual([]);
    expect(await sessionCount()).toBe(sessionsBefore);
  });

  it('hosted page: the browser that started signs in, and a failure goes back to the page', async () => {
    await setLoginPage({ mode: 'hosted', url: HOSTED_PAGE });
    const config = await client(true);
    const browserA = new BrowserAgent();
    const { started, toPage, loginTx } = await startAtHostedPage(browserA, config);
    // The page posts back cross-site: only a SameSite=None cookie (always Secure) comes back with it.
    const binding = setCookies(toPage).find((cookie) => cookie.startsWith('ra_tx_'));
    expect(binding).toMatch(/; SameSite=None/);
    expect(binding).toMatch(/; Secure/);
    expect(binding).toMatch(/; HttpOnly/);

    const failed = await browserA.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginTx, username: 'mallory', password: 'not the password!' });
    expect(new URL(failed.location).searchParams.get('error')).toBe('INVALID_CREDENTIALS');
    const success = await browserA.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginTx, ...MALLORY });
    expect(success.status).toBe(303);
    expect((await exchange(config, success.location, started)).access_token).toEqual(expect.any(String));
    expect(browserA.cookieNames().filter((name) => name.startsWith('ra_tx_'))).toEqual([]);
  });

  it("hosted page: another browser posting consent with A's login_tx grants nothing", async () => {
    await setLoginPage({ mode: 'hosted', url: HOSTED_PAGE });
    const config = await client(false);
    const clientId = config.clientMetadata().client_id;
    const browserA = new BrowserAgent();
    const { started, loginTx } = await startAtHostedPage(browserA, config);
    const consent = await browserA.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginTx, ...MALLORY });
    expect(consent.body).toContain('Allow access?');

    expectRefused(await new BrowserAgent().post(`${gateway.url}/v3/oauth/consent`, { login_tx: consent.loginTx, decision: 'allow' }));
    expect(await consentCount(clientId)).toBe(0);

    const callback = await browserA.post(`${gateway.url}/v3/oauth/consent`, { login_tx: consent.loginTx, decision: 'allow' });
    expect(await consentCount(clientId)).toBe(1);
    await exchange(config, callback.location, started);
  });

  it("login page: another browser posting A's login_tx, to sign in or to consent, gets nothing", async () => {
    const config = await client(false);
    const clientId = config.clientMetadata().client_id;
    const browserA = new BrowserAgent();
    const started = await startAuthorization(config, REDIRECT);
    const page = await browserA.get(started.url);
    expect(setCookies(page).find((cookie) => cookie.startsWith('ra_tx_'))).toMatch(/; SameSite=Lax/);
    const sessionsBefore = await sessionCount();

    expectRefused(await new BrowserAgent().post(`${gateway.url}/v3/oauth/login`, { login_tx: page.loginTx, ...MALLORY }));
    expect(await sessionCount()).toBe(sessionsBefore);

    const consent = await browserA.post(`${gateway.url}/v3/oauth/login`, { login_tx: page.loginTx, ...MALLORY });
    expectRefused(await new BrowserAgent().post(`${gateway.url}/v3/oauth/consent`, { login_tx: consent.loginTx, decision: 'allow' }));
    expect(await consentCount(clientId)).toBe(0);
    const callback = await browserA.post(`${gateway.url}/v3/oauth/consent`, { login_tx: consent.loginTx, decision: 'allow' });
    await exchange(config, callback.location, started);
    expect(await consentCount(clientId)).toBe(1);
  });
});
