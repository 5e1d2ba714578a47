import Redis from 'ioredis';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { PrivateRedis } from '../../support/private-redis';
import { createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';

const REDIRECT = 'http://127.0.0.1:9000/cb';

/**
 * Redis goes away (SIGKILL, as a crash) and comes back. /health stays 200 on both ports and names
 * Redis as degraded; rate limits keep limiting (in the instance's memory) instead of letting every
 * request through; once Redis answers, counts are shared through it again. The Redis server is the
 * suite's own (PrivateRedis): the shared test server must stay up for the other suites.
 */
describe('Redis outage', () => {
  let scratch: ScratchDatabase;
  let redis: PrivateRedis;
  let gateway: GatewayInstance;
  let config: Awaited<ReturnType<typeof nativeAppConfig>>;
  let network = 0;

  const health = async (base: string) => {
    const response = await fetch(`${base}/health`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** Authorization requests from one address (each run of `burst` uses a new one): their statuses in order. */
  const burst = async (count: number) => {
    const address = `198.51.100.${++network}`;
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const url = new URL((await startAuthorization(config, REDIRECT)).url);
      const response = await fetch(`${gateway.url}${url.pathname}${url.search}`, { redirect: 'manual', headers: { 'x-forwarded-for': address } });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    return statuses;
  };
  const waitForHealth = async (status: 'up' | 'down') => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { body } = await health(gateway.url);
      if ((body.details as Record<string, { status: string }>).redis.status === status) return;
      if (Date.now() > deadline) throw new Error(`Redis still not ${status} in /health: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    [scratch, redis] = await Promise.all([createScratchDatabase({ migrated: true }), PrivateRedis.start()]);
    gateway = await startGateway({
      databaseUrl: scratch.url,
      secrets: installationSecrets(),
      withAdmin: true,
      env: { REDIS_URL: redis.url, AUTHORIZE_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' },
    });
    const tenant = await createTenant(gateway.provisioner);
    config = await nativeAppConfig(gateway, tenant.environment.id, { name: 'App', firstParty: true, redirectUris: ['http://127.0.0.1/cb'] });
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await redis?.destroy();
    await scratch?.drop();
  });

  it('reports Redis up while it answers, on both ports', async () => {
    for (const base of [gateway.url, gateway.adminUrl]) {
      const { status, body } = await health(base);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
      expect(body).not.toHaveProperty('degraded');
    }
  });

  it('answers 200 with degraded: ["redis"] while Redis is down, and rate limits still limit', async () => {
    await redis.stop();
    await waitForHealth('down');
    for (const base of [gateway.url, gateway.adminUrl]) {
      const { status, body } = await health(base);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        status: 'ok',
        degraded: ['redis'],
        info: { database: { status: 'up' } },
        error: { redis: { status: 'down' } },
        details: { database: { status: 'up' }, redis: { status: 'down' } },
      });
    }
    expect(await burst(5)).toEqual([200, 200, 200, 429, 429]);
  });

  it('shares counts through Redis again once it is back', async () => {
    await redis.resume();
    await waitForHealth('up');
    const { body } = await health(gateway.adminUrl);
    expect(body).not.toHaveProperty('degraded');
    const client = new Redis(redis.url);
    try {
      await client.flushall();
      expect(await burst(4)).toEqual([200, 200, 200, 429]);
      expect(await client.keys('rapidauth:rl:authorize:*')).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  });
});
