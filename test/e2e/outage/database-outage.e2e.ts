import { LocalIdentities } from '@rapidauth/identity';
import { rootToken } from '../../support/admin-api';
import { BrowserAgent } from '../../support/browser-agent';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { signInThroughLoginPage } from '../../support/login-flow';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { PrivatePostgres } from '../../support/private-postgres';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

/**
 * PostgreSQL goes away (`pg_ctl stop -m immediate`, as a crash or a failover does) and comes back,
 * under load. Every request that needs the database answers 503 temporarily_unavailable with a
 * catalogue code and Retry-After (JSON on the API routes, the error page on the browser routes),
 * never a 500; the gateway serves again within 5 s of the database; no acknowledged refresh
 * rotation is lost; notifications between instances resume. The server is the suite's own
 * (PrivatePostgres): the shared test server must stay up for the other suites.
 */

const REDIRECT = 'http://127.0.0.1:8080/callback';
const ALICE = { username: 'alice', password: 'correct horse battery' };
/** How soon after the database is back the gateway must serve again. */
const RECOVERY_MS = 5_000;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

const read = async (response: Response): Promise<Answer> => ({ status: response.status, headers: response.headers, text: await response.text() });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The API answer of an outage: 503, RFC 6749 JSON with our code, Retry-After, not cacheable. */
function expectUnavailableJson(what: string, answer: Answer): void {
  expect([what, answer.status]).toEqual([what, 503]);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(JSON.parse(answer.text)).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String), code: 'DATABASE_UNAVAILABLE' });
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(answer.headers.get('cache-control')).toBe('no-store');
}

/** The browser answer of an outage: the error page, 503, Retry-After, the pages' security headers. */
function expectUnavailablePage(what: string, answer: Answer): void {
  expect([what, answer.status]).toEqual([what, 503]);
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  expect(answer.text).toContain('DATABASE_UNAVAILABLE');
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(answer.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  expect(answer.headers.get('x-frame-options')).toBe('DENY');
  expect(answer.headers.get('cache-control')).toBe('no-store');
}

describe('database outage (private PostgreSQL stopped with -m immediate, then started again)', () => {
  const secrets = installationSecrets();
  let postgres: PrivatePostgres;
  let gateway: GatewayInstance;
  let managementToken: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  /** Confidential, password and refresh grants; resolved before the outage (cached). */
  let app: { clientId: string; secret: string };
  /** Never used before the outage: resolving it needs the database. */
  let cold: { clientId: string; secret: string };
  let publicClientId: string;
  let config: Awaited<ReturnType<typeof publicClientConfig>>;

  const token = (form: Record<string, string>, client = app) => postForm(`${gateway.url}/oauth/token`, form, basicAuth(client.clientId, client.secret)).then(read);
  const passwordLogin = async () => {
    const answer = await token({ grant_type: 'password', ...ALICE, scope: 'openid offline_access' });
    expect(answer.status).toBe(200);
    return (JSON.parse(answer.text) as { refresh_token: string; access_token: string });
  };
  const refresh = (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken });

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    gateway = await startGateway({
      databaseUrl: postgres.url,
      secrets,
      withAdmin: true,
      env: { LOGIN_RATE_LIMIT: '0', TOKEN_RATE_LIMIT: '1000000' },
    });
    managementToken = await rootToken(gateway);
    tenant = await createTenant(gateway.provisioner);
    const confidential = async (name: string) => {
      const { client, clientSecret } = await gateway.provisioner.createClient({
        environmentId: tenant.environment.id,
        name,
        type: 'confidential',
        firstParty: true,
        grantTypes: ['client_credentials', 'password', 'refresh_token'],
      });
      return { clientId: client.clientId, secret: clientSecret! };
    };
    app = await confidential('Backend');
    cold = await confidential('Cold backend');
    publicClientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, ACME_MOBILE)).clientId;
    config = await publicClientConfig(gateway.url, publicClientId);
    await gateway.get(LocalIdentities).create(tenant.environment.id, { ...ALICE, email: 'alice@example.com' });
  });

  // A failed test must not leave the next one without a database.
  afterEach(() => postgres.ensureRunning());

  afterAll(async () => {
    await gateway?.stop().catch(() => undefined);
    await postgres?.destroy();
  });

  it('answers 503 with Retry-After on every route that needs the database, never a 500, and serves again within 5 s', async () => {
    // What each request will present during the outage, obtained while the database is up.
    const { refresh_token: refreshToken } = await passwordLogin();
    const { started, callback } = await signInThroughLoginPage(gateway.url, config, REDIRECT, ALICE);
    const code = new URL(callback.location).searchParams.get('code')!;
    const browser = new BrowserAgent();
    const loginPage = await browser.get((await startAuthorization(config, REDIRECT, 'openid')).url);
    expect(loginPage.status).toBe(200);
    expect((await api('GET', '/v1/organizations')).status).toBe(200);

    await postgres.stopImmediately();
    const down = {
      clientCredentials: await token({ grant_type: 'client_credentials' }, cold),
      password: await token({ grant_type: 'password', ...ALICE }),
      refresh: await refresh(refreshToken),
      code: await postForm(`${gateway.url}/oauth/token`, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: publicClientId,
        code_verifier: started.codeVerifier,
      }).then(read),
      introspection: await postForm(`${gateway.url}/oauth/introspect`, { token: refreshToken }, basicAuth(app.clientId, app.secret)).then(read),
      admin: await fetch(`${gateway.adminUrl}/v1/organizations`, { headers: { authorization: `Bearer ${managementToken}` } }).then(read),
      authorize: await fetch((await startAuthorization(config, REDIRECT, 'openid')).url, { redirect: 'manual' }).then(read),
      login: await browserPost(browser, '/v3/oauth/login', { login_tx: loginPage.loginTx, ...ALICE }),
      consent: await browserPost(browser, '/v3/oauth/consent', { login_tx: loginPage.loginTx, decision: 'allow' }),
      health: await fetch(`${gateway.url}/health`).then(read),
    };
    for (const what of ['clientCredentials', 'password', 'refresh', 'code', 'introspection'] as const) expectUnavailableJson(what, down[what]);
    expectUnavailableJson('admin', down.admin);
    for (const what of ['authorize', 'login', 'consent'] as const) expectUnavailablePage(what, down[what]);
    expect(down.health.status).toBe(503);

    await postgres.resume();
    const back = Date.now();
    const cc = await untilStatus(() => token({ grant_type: 'client_credentials' }, cold), 200);
    expect(Date.now() - back).toBeLessThan(RECOVERY_MS);
    expect(cc.status).toBe(200);
    // Nothing the failed requests presented was spent: the code and the refresh token still work.
    expect((await postForm(`${gateway.url}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: publicClientId, code_verifier: started.codeVerifier })).status).toBe(200);
    expect((await refresh(refreshToken)).status).toBe(200);
    expect((await browser.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginPage.loginTx, ...ALICE })).status).toBe(303);
    expect((await api('GET', '/v1/organizations')).status).toBe(200);
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  });

  it('refresh rotation under load across the outage: only 200 or 503, back within 5 s, no acknowledged rotation lost', async () => {
    const LOOPS = 4;
    const tokens = await Promise.all(Array.from({ length: LOOPS }, async () => (await passwordLogin()).refresh_token));
    const unexpected: string[] = [];
    const stats = tokens.map(() => ({ ok: 0, unavailable: 0, firstOkAfter: Number.POSITIVE_INFINITY }));
    let restartedAt = Number.POSITIVE_INFINITY;
    let stop = false;
    const loops = tokens.map(async (_, i) => {
      while (!stop) {
        const answer = await refresh(tokens[i]);
        if (answer.status === 200) {
          tokens[i] = (JSON.parse(answer.text) as { refresh_token: string }).refresh_token;
          stats[i].ok++;
          if (Date.now() >= restartedAt) stats[i].firstOkAfter = Math.min(stats[i].firstOkAfter, Date.now() - restartedAt);
        } else if (answer.status === 503 && answer.headers.get('retry-after') && JSON.parse(answer.text).code === 'DATABASE_UNAVAILABLE') {
          stats[i].unavailable++;
          await sleep(50);
        } else {
          unexpected.push(`loop ${i}: ${answer.status} ${answer.text.slice(0, 200)}`);
          return;
        }
      }
    });

    try {
      await until(() => stats.every((s) => s.ok >= 3));
      await postgres.stopImmediately();
      await until(() => stats.every((s) => s.unavailable >= 3));
      await postgres.resume();
      restartedAt = Date.now();
      await until(() => stats.every((s) => s.firstOkAfter < Number.POSITIVE_INFINITY), RECOVERY_MS + 5_000).catch(() => undefined);
    } finally {
      stop = true;
      await Promise.all(loops);
    }

    expect(unexpected).toEqual([]);
    for (const s of stats) expect(s.firstOkAfter).toBeLessThan(RECOVERY_MS);
    // The last token each loop was given still rotates: no acknowledged rotation was lost.
    for (const last of tokens) expect((await refresh(last)).status).toBe(200);
  });

  it('hears other instances again after the outage: a revocation on another instance applies here at once', async () => {
    // The outages above dropped this instance's LISTEN connection: it must have reconnected.
    const other = await startGateway({ databaseUrl: postgres.url, secrets, publicUrl: gateway.url });
    try {
      const { access_token: accessToken } = await passwordLogin();
      expect(await isActive(gateway.url, app, accessToken)).toBe(true);
      const revoked = await postForm(`${other.url}/oauth/revoke`, { token: accessToken }, basicAuth(app.clientId, app.secret));
      expect(revoked.status).toBe(200);
      const deadline = Date.now() + 2_000;
      while ((await isActive(gateway.url, app, accessToken)) && Date.now() < deadline) await sleep(50);
      expect(await isActive(gateway.url, app, accessToken)).toBe(false);
    } finally {
      await other.stop();
    }
  });

  function api(method: string, path: string) {
    return fetch(`${gateway.adminUrl}${path}`, { method, headers: { authorization: `Bearer ${managementToken}` } }).then(read);
  }

  async function browserPost(browser: BrowserAgent, path: string, form: Record<string, string>): Promise<Answer> {
    const page = await browser.post(`${gateway.url}${path}`, form);
    return { status: page.status, headers: page.headers, text: page.body };
  }
});

async function untilStatus(request: () => Promise<Answer>, status: number, timeoutMs = 10_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await request();
    if (answer.status === status || Date.now() > deadline) return answer;
    await sleep(50);
  }
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
