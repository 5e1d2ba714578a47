import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminUserEntity, ALL_MIGRATIONS, openDatabase } from '@rapidauth/database';
import { freePort, ServerProcess } from '../../support/server-process';

/** `npm start` on a fresh machine: no database configured, everything in DATA_DIR. */
describe('start on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapidauth-e2e-'));
  const running: ServerProcess[] = [];
  let env: NodeJS.ProcessEnv;
  let gateway: string;
  let admin: string;

  const start = (entry: 'server' | 'gateway' | 'admin' = 'server') => {
    const process = ServerProcess.start(entry, env);
    running.push(process);
    return process;
  };

  beforeAll(async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      BOOTSTRAP_ADMIN_USERNAME: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'a long enough password',
    };
    gateway = `http://127.0.0.1:${port}`;
    admin = `http://127.0.0.1:${adminPort}`;
  });

  afterEach(async () => {
    for (const process of running.splice(0)) {
      process.kill();
      await process.exited;
    }
  });

  it('answers /health on both ports, refuses a second process, and keeps its data across a restart', async () => {
    const first = start();
    const health = await (await first.waitFor(`${gateway}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', info: { database: { status: 'up', kind: 'pglite' } } });
    await first.waitFor(`${admin}/health`);
    expect(first.stdout).toMatch(new RegExp(`applied ${ALL_MIGRATIONS.length} migration\\(s\\)`));
    expect(first.stdout).toMatch(/created bootstrap admin \\"owner\\" as platform owner/);
    expect(first.stdout).toMatch(/VAULT_MASTER_KEY and SECRET_PEPPER not set/);
    expect(first.stdout + first.stderr).not.toContain('a long enough password');

    const intruder = start();
    expect(await intruder.exited).toBe(1);
    const lines = intruder.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^RapidAuth cannot start: data directory .* is in use by process \\d+`));

    expect(await first.stop()).toBe(0);

    const second = start();
    await second.waitFor(`${gateway}/health`);
    await second.waitFor(`${admin}/health`);
    expect(second.stdout).not.toMatch(/applied \d+ migration/);
    expect(second.stdout).not.toMatch(/created bootstrap admin/);
    expect(await second.stop()).toBe(0);

    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(await database.dataSource.manager.count(AdminUserEntity)).toBe(1);
      const [{ count }] = await database.dataSource.query('SELECT count(*)::int AS count FROM schema_migration');
      expect(count).toBe(ALL_MIGRATIONS.length);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('limits request bodies: 64 KiB on the gateway, 1 MiB on the admin API, answered as JSON', async () => {
    const server = start();
    await server.waitFor(`${gateway}/health`);
    await server.waitFor(`${admin}/health`);
    const body = JSON.stringify({ data: 'x'.repeat(100 * 1024) });
    const post = (base: string, payload: string) =>
      fetch(`${base}/health`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });

    const tooLarge = await post(gateway, body);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: 'invalid_request', code: 'REQUEST_TOO_LARGE' });
    // Within the admin limit the body is read and the (absent) route answers 404.
    expect((await post(admin, body)).status).toBe(404);

    const malformed = await post(gateway, '{"unterminated');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'MALFORMED_REQUEST' });
    expect(await server.stop()).toBe(0);
  }, 120_000);

  it('starts the gateway alone with start:gateway and the admin API alone with start:admin', async () => {
    const gatewayOnly = start('gateway');
    await gatewayOnly.waitFor(`${gateway}/health`);
    await expect(fetch(`${admin}/health`)).rejects.toThrow();
    expect(await gatewayOnly.stop()).toBe(0);

    const adminOnly = start('admin');
    await adminOnly.waitFor(`${admin}/health`);
    await expect(fetch(`${gateway}/health`)).rejects.toThrow();
    expect(await adminOnly.stop()).toBe(0);
  }, 120_000);
});
