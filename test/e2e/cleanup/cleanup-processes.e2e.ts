import { Client } from 'pg';
import { managementToken, ROOT } from '../../support/admin-api';
import { installationSecrets } from '../../support/gateway-instance';
import { PrivateRedis } from '../../support/private-redis';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { freePort, ServerProcess } from '../../support/server-process';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { within } from '../../support/two-instances';

/** A built `npm start` process (both apps) on the shared scratch database. */
async function startServer(databaseUrl: string, secrets: NodeJS.ProcessEnv, env: NodeJS.ProcessEnv) {
  const [port, adminPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const process = ServerProcess.start('server', {
    ...secrets,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    LOG_FORMAT: 'json',
    BOOTSTRAP_ADMIN_USERNAME: ROOT.username,
    BOOTSTRAP_ADMIN_PASSWORD: ROOT.password,
    ...env,
  });
  await process.waitFor(`${url}/health`);
  await process.waitFor(`${adminUrl}/health`);
  return { url, adminUrl, process };
}

type Server = Awaited<ReturnType<typeof startServer>>;

/** The cleanup runs a process has logged: one line each. */
function cleanupRuns(server: Server): Array<{ outcome: string; deleted: Record<string, number> }> {
  return server.process.stdout
    .split('\n')
    .filter((line) => line.includes('"job":"cleanup"') && line.includes('"outcome"'))
    .map((line) => JSON.parse(line));
}

async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The cleanup in built `npm start` processes: with Redis, two instances share one BullMQ schedule
 * (a tick runs once cluster-wide) and ride out Redis going away; without, SIGTERM in the middle of
 * a run stops it after its current batch and the process exits.
 */
describe('expiry cleanup in running processes', () => {
  let scratch: ScratchDatabase;
  const servers: Server[] = [];

  beforeEach(async () => {
    scratch = await createScratchDatabase({ migrated: true });
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.process.kill();
      await server.process.exited;
    }
    await scratch.drop();
  });

  describe('with Redis', () => {
    let redis: PrivateRedis;

    beforeAll(async () => {
      redis = await PrivateRedis.start();
    });
    afterAll(() => redis?.destroy());

    it('runs once per tick across two instances, and resumes after Redis comes back empty while tokens are still issued', async () => {
      const secrets = installationSecrets();
      const env = { REDIS_URL: redis.url, CLEANUP_INTERVAL_SECONDS: '1' };
      const started = Date.now();
      servers.push(await startServer(scratch.url, secrets, env));
      servers.push(await startServer(scratch.url, secrets, env));
      await sleep(10_000);
      const runs = servers.flatMap(cleanupRuns);
      const ticks = Math.floor((Date.now() - started) / 1000) + 1;
      expect(runs.length).toBeGreaterThanOrEqual(3);
      expect(runs.length).toBeLessThanOrEqual(ticks + 1);
      expect(runs.every((run) => run.outcome === 'success')).toBe(true);

      const [first] = servers;
      const root = await managementToken(first.adminUrl, { grant_type: 'password', ...ROOT });
      const admin = async (path: string, body: unknown) => {
        const response = await fetch(`${first.adminUrl}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${root}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return (await response.json()) as Record<string, string>;
      };
      const organization = await admin('/v1/organizations', { name: 'outage' });
      const app = await admin(`/v1/organizations/${organization.id}/apps`, { name: 'jobs' });
      const environment = await admin(`/v1/apps/${app.id}/environments`, { name: 'production' });
      const issue = (server: Server) => postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(environment.appKey, environment.appSecret));
      expect((await issue(first)).status).toBe(200);

      await redis.stop();
      const down = await Promise.all(servers.flatMap((server) => [issue(server), issue(server)]));
      expect(down.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      const credentials = { clientId: environment.appKey, secret: environment.appSecret };
      for (const [i, server] of servers.entries()) {
        // Each process is its own issuer here (no shared PUBLIC_URL): it validates what it issued.
        const { access_token: issuedDuring } = (await down[2 * i].json()) as { access_token: string };
        expect(await isActive(server.url, credentials, issuedDuring)).toBe(true);
        const health = await fetch(`${server.url}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ degraded: ['redis'], error: { redis: { status: 'down' } } });
      }
      const statusDown = await fetch(`${first.adminUrl}/v1/operations/cleanup`, { headers: { authorization: `Bearer ${root}` } });
      expect(statusDown.status).toBe(200);
      expect(await statusDown.json()).toMatchObject({ mode: 'bullmq', intervalSeconds: 1, nextRunAt: null });
      await sleep(2000);
      const beforeRestart = servers.flatMap(cleanupRuns).length;

      await redis.resume();
      const resumed = await within(20_000, async () => servers.flatMap(cleanupRuns).length > beforeRestart);
      expect(resumed).toBe(true);
      expect((await issue(first)).status).toBe(200);
    });
  });

  describe('without Redis', () => {
    it('stops a run after its current batch on SIGTERM and exits', async () => {
      const batchSize = 100;
      const expired = 20_000;
      const server = await startServer(scratch.url, installationSecrets(), { CLEANUP_BATCH_SIZE: String(batchSize) });
      servers.push(server);
      await sql(
        scratch.url,
        `INSERT INTO "revocation_entry" ("kind", "value", "expires_at", "reason")
         SELECT 'jti', 'expired-' || "g", now() - interval '1 minute', 'test' FROM generate_series(1, $1::int) AS "g"`,
        [expired],
      );
      // Each batch made slow (~0.2 s) in this scratch database only, so the moment between counting
      // and signalling falls well inside one batch.
      await sql(
        scratch.url,
        `CREATE FUNCTION "slow_delete"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.002); RETURN OLD; END $$`,
      );
      await sql(scratch.url, `CREATE TRIGGER "slow_delete" BEFORE DELETE ON "revocation_entry" FOR EACH ROW EXECUTE FUNCTION "slow_delete"()`);
      const left = async () => Number((await sql<{ n: string }>(scratch.url, `SELECT count(*) AS "n" FROM "revocation_entry"`))[0].n);

      const root = await managementToken(server.adminUrl, { grant_type: 'password', ...ROOT });
      const running = fetch(`${server.adminUrl}/v1/operations/cleanup`, { method: 'POST', headers: { authorization: `Bearer ${root}` } }).then(
        async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }),
        () => undefined,
      );
      expect(await within(30_000, async () => (await left()) < expired - batchSize)).toBe(true);
      const atSignal = await left();
      const exitCode = await server.process.stop();
      const afterExit = await left();

      expect(exitCode).toBe(0);
      // The batch in flight when the signal came may finish; no other starts.
      expect(atSignal - afterExit).toBeLessThanOrEqual(2 * batchSize);
      expect(afterExit).toBeGreaterThan(0);
      const runs = cleanupRuns(server);
      expect(runs).toEqual([expect.objectContaining({ outcome: 'interrupted' })]);
      expect(runs[0].deleted.revocation_entry).toBe(expired - afterExit);
      const answer = await running;
      if (answer) expect(answer).toEqual({ status: 200, body: expect.objectContaining({ outcome: 'interrupted' }) });
    });
  });
});
