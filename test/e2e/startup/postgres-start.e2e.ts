import { ALL_MIGRATIONS } from '@rapidauth/database';
import { freePort, ServerProcess } from '../../support/server-process';
import { createScratchDatabase, testRedisUrl, type ScratchDatabase } from '../../support/test-servers';

/** Production shape: PostgreSQL and Redis configured, secrets given. */
describe('start against PostgreSQL and Redis', () => {
  let scratch: ScratchDatabase;
  let server: ServerProcess | undefined;
  const secrets = { VAULT_MASTER_KEY: `k1:${Buffer.alloc(32, 3).toString('base64')}`, SECRET_PEPPER: 'q'.repeat(40) };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });

  afterEach(() => server?.kill());
  afterAll(() => scratch?.drop());

  it('uses the configured database and reports database and Redis health on both ports', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    server = ServerProcess.start('server', {
      ...secrets,
      DATABASE_URL: scratch.url,
      REDIS_URL: testRedisUrl(),
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
    });
    for (const base of [`http://127.0.0.1:${port}`, `http://127.0.0.1:${adminPort}`]) {
      const health = await (await server.waitFor(`${base}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up', kind: 'postgres' }, redis: { status: 'up' } },
      });
    }
    expect(server.stdout).toMatch(new RegExp(`applied ${ALL_MIGRATIONS.length} migration\\(s\\)`));
    expect(server.stdout).not.toMatch(/not set: using the/);
    expect(await server.stop()).toBe(0);
  }, 90_000);

  it('serves without Redis, reporting it degraded (200) on both ports', async () => {
    const [port, adminPort, closedPort] = [await freePort(), await freePort(), await freePort()];
    server = ServerProcess.start('server', {
      ...secrets,
      DATABASE_URL: scratch.url,
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
    });
    for (const base of [`http://127.0.0.1:${port}`, `http://127.0.0.1:${adminPort}`]) {
      const health = await (await server.waitFor(`${base}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        degraded: ['redis'],
        info: { database: { status: 'up' } },
        error: { redis: { status: 'down' } },
      });
    }
    expect(await server.stop()).toBe(0);
  }, 90_000);
});
