import { randomBytes } from 'node:crypto';
import { BrowserAgent } from '../../support/browser-agent';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { createTenant } from '../../support/tenant';
import { createScratchDatabase, testRedisUrl, type ScratchDatabase } from '../../support/test-servers';

const REDIRECT = 'http://127.0.0.1:9000/cb';

/**
 * Unauthenticated writes are bounded: every authorization request may store a login transaction,
 * so requests are limited per address (AUTHORIZE_RATE_LIMIT, shared through Redis when set) and
 * what one request may store is capped.
 */
describe('authorization endpoint limits', () => {
  let scratch: ScratchDatabase;
  const instances: GatewayInstance[] = [];
  // One installation over one database: every instance shares its secrets.
  const secrets = installationSecrets();

  const start = async (env: NodeJS.ProcessEnv, publicUrl?: string) => {
    const instance = await startGateway({ databaseUrl: scratch.url, secrets, publicUrl, env });
    instances.push(instance);
    return instance;
  };
  /** GET the authorization URL through `instance`, from `address` (X-Forwarded-For, TRUST_PROXY=loopback). */
  const authorize = async (instance: GatewayInstance, authorizationUrl: string, address: string) => {
    const url = new URL(authorizationUrl);
    const response = await fetch(`${instance.url}${url.pathname}${url.search}`, { redirect: 'manual', headers: { 'x-forwarded-for': address } });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
  // Another suite may share the Redis server: each run uses its own /64.
  const network = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
  const transactionCount = async (gateway: GatewayInstance) =>
    Number((await gateway.running.runtime.database.dataSource.query('SELECT count(*) AS n FROM "login_transaction"'))[0].n);
  const publicClient = async (gateway: GatewayInstance, options: { customScopes?: string[]; redirectUri?: string } = {}) => {
    const tenant = await createTenant(gateway.provisioner, { customScopes: options.customScopes });
    return nativeAppConfig(gateway, tenant.environment.id, { name: 'Native app', firstParty: true, redirectUris: [options.redirectUri ?? 'http://127.0.0.1/cb'] });
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
  });

  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await scratch?.drop();
  });

  it('floods of authorization requests from one address across two instances (Redis) get a 429 page and store nothing', async () => {
    const env = { REDIS_URL: testRedisUrl(), AUTHORIZE_RATE_LIMIT: '4', TRUST_PROXY: 'loopback' };
    const first = await start(env);
    const second = await start(env, first.url);
    const config = await publicClient(first);
    const before = await transactionCount(first);
    const attacker = network();

    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof authorize>> | undefined;
    for (let i = 0; i < 6; i++) {
      // A new address in the same /64 each time: one network, one budget.
      const page = await authorize(i % 2 ? second : first, (await startAuthorization(config, REDIRECT)).url, `${attacker}::${i + 1}`);
      statuses.push(page.status);
      if (page.status === 429) refused ??= page;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(refused!.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(refused!.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused!.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(refused!.body).toContain('Too many sign-in requests');
    expect(await transactionCount(first)).toBe(before + 4);
    // Another network keeps its own budget.
    expect((await authorize(second, (await startAuthorization(config, REDIRECT)).url, `${network()}::1`)).status).toBe(200);
  });

  it('limits one instance without Redis in memory', async () => {
    const gateway = await start({ AUTHORIZE_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' });
    const config = await publicClient(gateway);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await authorize(gateway, (await startAuthorization(config, REDIRECT)).url, '198.51.100.7')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('refuses oversize parameters and oversize requests with a 400 page before storing anything', async () => {
    const gateway = await start({ AUTHORIZE_RATE_LIMIT: '0' });
    const config = await publicClient(gateway);
    const longRedirect = `http://127.0.0.1/cb/${'r'.repeat(2000)}`;
    const scopes = Array.from({ length: 40 }, (_, i) => `orders:scope-number-${String(i).padStart(4, '0')}`);
    const large = await publicClient(gateway, { customScopes: scopes, redirectUri: longRedirect });
    const before = await transactionCount(gateway);

    const refused = async (configuration: typeof config, redirectUri: string, scope: string | undefined, extra: Record<string, string>, code: string) => {
      const page = await new BrowserAgent().get((await startAuthorization(configuration, redirectUri, scope, extra)).url);
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.body).toContain(code);
    };
    await refused(config, REDIRECT, undefined, { state: 's'.repeat(513) }, 'INVALID_PARAMETER');
    await refused(config, REDIRECT, undefined, { nonce: 'n'.repeat(513) }, 'INVALID_PARAMETER');
    await refused(config, REDIRECT, undefined, { login_hint: 'h'.repeat(4097) }, 'INVALID_PARAMETER');
    // Each parameter within its limit, the stored request over 4 KiB.
    const largeRedirect = longRedirect.replace('127.0.0.1', '127.0.0.1:9000');
    await refused(large, largeRedirect, `openid ${scopes.join(' ')}`, { state: 's'.repeat(512), nonce: 'n'.repeat(512) }, 'REQUEST_TOO_LARGE');
    expect(await transactionCount(gateway)).toBe(before);

    // At the limits, the request is served.
    const page = await new BrowserAgent().get((await startAuthorization(config, REDIRECT, undefined, { state: 's'.repeat(512), nonce: 'n'.repeat(512) })).url);
    expect(page.status).toBe(200);
    expect(await transactionCount(gateway)).toBe(before + 1);
  });
});
