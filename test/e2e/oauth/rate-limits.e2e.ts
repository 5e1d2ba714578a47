import { EnvironmentEntity } from '@rapidauth/database';
import { LocalIdentities } from '@rapidauth/identity';
import { BrowserAgent } from '../../support/browser-agent';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { createTenant } from '../../support/tenant';
import { createScratchDatabase, testRedisUrl, type ScratchDatabase } from '../../support/test-servers';

/** Rate limits shared through Redis by two instances (limits lowered so the test stays fast). */
describe('rate limits (Redis, two instances)', () => {
  let scratch: ScratchDatabase;
  let first: GatewayInstance;
  let second: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    const secrets = installationSecrets();
    const env = { REDIS_URL: testRedisUrl(), TOKEN_RATE_LIMIT: '6', LOGIN_RATE_LIMIT: '3' };
    first = await startGateway({ databaseUrl: scratch.url, secrets, env });
    second = await startGateway({ databaseUrl: scratch.url, secrets, publicUrl: first.url, env });
    tenant = await createTenant(first.provisioner);
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await scratch?.drop();
  });

  it('limits token requests per client across instances, with 429 and Retry-After', async () => {
    const request = (instance: GatewayInstance) =>
      fetch(`${instance.url}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${tenant.environment.appKey}:${tenant.appSecret}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
      });
    // Within one second-long window (it starts at the first request): 6 allowed in total,
    // whichever instance serves them. Sent at once, so that a slow machine still fits them in the window.
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => request(i % 2 ? first : second)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const limited = responses.find((r) => r.status === 429)!;
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({ error: 'slow_down', code: 'RATE_LIMITED' });
  });

  it("keeps requests that do not prove the client's secret from spending its budget (Usergrid user level)", async () => {
    const other = await createTenant(first.provisioner);
    // Usergrid user sign-in is opt-in per environment.
    await first.running.runtime.database.dataSource.manager.update(EnvironmentEntity, { id: other.environment.id }, { usergridCompatibility: true });
    const usergridLogin = (i: number) =>
      fetch(`${first.url}/${other.organization.name}/${other.app.name}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password', username: `nobody-${i}`, password: 'not a password' }),
      });
    // Sent at once, so that a slow machine (each refusal costs a password hash) still fits them in the one-second window.
    const refused = (await Promise.all(Array.from({ length: 8 }, (_, i) => usergridLogin(i)))).map((r) => r.status);
    expect(refused.filter((status) => status === 429)).toHaveLength(2);
    const server = await fetch(`${second.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${other.environment.appKey}:${other.appSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(server.status).toBe(200);
  });

  it('limits sign-in attempts per address and username on the login page', async () => {
    const config = await nativeAppConfig(first, tenant.environment.id, { name: 'App', firstParty: true, redirectUris: ['http://127.0.0.1/cb'] });
    await first.get(LocalIdentities).create(tenant.environment.id, { username: 'erin', password: 'erin password ok' });
    const attempt = async (instance: GatewayInstance) => {
      const agent = new BrowserAgent();
      const page = await agent.get((await startAuthorization(config, 'http://127.0.0.1:7000/cb')).url.replace(first.url, instance.url));
      return agent.post(`${instance.url}/v3/oauth/login`, { login_tx: page.loginTx, username: 'erin', password: 'wrong password!!' });
    };
    const results = [await attempt(first), await attempt(second), await attempt(first), await attempt(second)];
    expect(results.map((r) => r.status)).toEqual([401, 401, 401, 429]);
    expect(results[3].headers.get('retry-after')).toMatch(/^\d+$/);
    expect(results[3].body).toContain('Too many attempts');
  });
});
