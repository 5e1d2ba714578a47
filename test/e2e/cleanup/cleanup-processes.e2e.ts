import { MAINTENANCE_QUEUE, QUEUE_PREFIX } from '@rapidauth/jobs';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { managementToken, ROOT } from '../../support/admin-api';
import { installationSecrets } from '../../support/gateway-instance';
import { sampleSum, samplesOf } from '../../support/metrics-exposition';
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

/** GET /metrics of a process (one registry for both its apps). */
async function metricsOf(server: Server): Promise<string> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The advisory lock the delete trigger of `holdDeletes` waits on. */
const GATE = 4242;

/**
 * Makes every DELETE of a revocation entry wait (in this scratch database only) while the returned
 * session holds an advisory lock: the batch in flight is then known, not guessed from timing.
 */
async function holdDeletes(url: string): Promise<Client> {
  await sql(url, `CREATE FUNCTION "held_delete"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(${GATE}); RETURN OLD; END $$`);
  await sql(url, `CREATE TRIGGER "held_delete" BEFORE DELETE ON "revocation_entry" FOR EACH ROW EXECUTE FUNCTION "held_delete"()`);
  const gate = new Client({ connectionString: url });
  await gate.connect();
  await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
  return gate;
}

/** The `application_name`s (PGAPPNAME of each process) of the sessions whose batch waits at the gate. */
async function heldBy(url: string): Promise<string[]> {
  const rows = await sql<{ name: string }>(
    url,
    `SELECT "application_name" AS "name" FROM pg_stat_activity WHERE "wait_event_type" = 'Lock' AND "wait_event" = 'advisory' AND "application_name" <> '' AND "datname" = current_database()`,
  );
  return rows.map((row) => row.name);
}

async function insertExpired(url: string, count: number): Promise<void> {
  await sql(
    url,
    `INSERT INTO "revocation_entry" ("kind", "value", "expires_at", "reason")
     SELECT 'jti', 'expired-' || "g", now() - interval '1 minute', 'test' FROM generate_series(1, $1::int) AS "g"`,
    [count],
  );
}

async function revocationsLeft(url: string): Promise<number> {
  return Number((await sql<{ n: string }>(url, `SELECT count(*) AS "n" FROM "revocation_entry"`))[0].n);
}

/** The revocation entries a process's logged runs deleted. */
const deletedBy = (server: Server) => cleanupRuns(server).reduce((sum, run) => sum + (run.deleted.revocation_entry ?? 0), 0);

/** Signal delivery to a process whose event loop waits on the database takes no time; this leaves it ample room before the held batch may go on. */
const SIGNAL_HANDLED_MS = 1000;

/**
 * The cleanup in built `npm start` processes: with Redis, two instances share one BullMQ schedule
 * (a tick runs once cluster-wide, as their summed metrics show) and ride out Redis going away; with
 * or without Redis, SIGTERM in the middle of a run stops it after its current batch and the process
 * exits 0 (with Redis the job's result is recorded before the worker closes, and the other
 * instance deletes the rest).
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
      const expired = 250;
      await insertExpired(scratch.url, expired);
      await sleep(10_000);
      const expositions = await Promise.all(servers.map(metricsOf));
      const ticks = Math.floor((Date.now() - started) / 1000) + 1;
      const summed = (name: string, labels: Record<string, string> = {}) => expositions.reduce((sum, exposition) => sum + sampleSum(exposition, name, labels), 0);
      const runs = summed('rapidauth_cleanup_runs_total');
      expect(runs).toBeGreaterThanOrEqual(3);
      expect(runs).toBeLessThanOrEqual(ticks + 1);
      expect(summed('rapidauth_cleanup_runs_total', { outcome: 'success' })).toBe(runs);
      // The known rows went in one of those runs, on whichever instance took the tick; nothing counted twice.
      expect(await revocationsLeft(scratch.url)).toBe(0);
      expect(summed('rapidauth_cleanup_deleted_rows_total', { table: 'revocation_entry' })).toBe(expired);
      for (const exposition of expositions) {
        const jobs = samplesOf(exposition).filter((sample) => sample.name === 'rapidauth_jobs');
        expect(jobs.map((sample) => sample.labels).sort((a, b) => a.state.localeCompare(b.state))).toEqual(
          ['active', 'delayed', 'failed', 'waiting'].map((state) => ({ queue: MAINTENANCE_QUEUE, state })),
        );
        expect(jobs.find((sample) => sample.labels.state === 'failed')?.value).toBe(0);
        expect(jobs.every((sample) => Number.isInteger(sample.value) && sample.value >= 0)).toBe(true);
      }

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

    it('stops a scheduled run after its current batch on SIGTERM, records it, exits 0; the other instance deletes the rest', async () => {
      const batchSize = 100;
      const expired = 1000;
      const gate = await holdDeletes(scratch.url);
      const queue = new Queue(MAINTENANCE_QUEUE, { connection: { url: redis.url }, prefix: QUEUE_PREFIX });
      try {
        const secrets = installationSecrets();
        const env = { REDIS_URL: redis.url, CLEANUP_INTERVAL_SECONDS: '1', CLEANUP_BATCH_SIZE: String(batchSize) };
        const named = new Map<string, Server>();
        for (const name of ['rapidauth-one', 'rapidauth-two']) {
          const server = await startServer(scratch.url, secrets, { ...env, PGAPPNAME: name });
          servers.push(server);
          named.set(name, server);
        }
        await insertExpired(scratch.url, expired);
        expect(await within(30_000, async () => (await heldBy(scratch.url)).length > 0)).toBe(true);
        const [name] = await heldBy(scratch.url);
        const busy = named.get(name)!;
        const other = [...named.values()].find((server) => server !== busy)!;

        const exited = busy.process.stop();
        await sleep(SIGNAL_HANDLED_MS);
        await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
        expect(await exited).toBe(0);

        // Exactly the batch in flight at the signal: it finishes, no other starts.
        const interrupted = cleanupRuns(busy).filter((run) => run.outcome === 'interrupted');
        expect(interrupted).toEqual([expect.objectContaining({ deleted: expect.objectContaining({ revocation_entry: batchSize }) })]);
        expect(deletedBy(busy)).toBe(batchSize);
        // The worker was still open when the run ended: BullMQ holds the job as completed with that result, not stalled or failed.
        const completed = await queue.getJobs(['completed'], 0, -1);
        expect(completed.map((job) => job.returnvalue).filter((run) => run?.outcome === 'interrupted')).toEqual([
          expect.objectContaining({ deleted: expect.objectContaining({ revocation_entry: batchSize }) }),
        ]);
        expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });

        expect(await within(30_000, async () => deletedBy(other) === expired - batchSize)).toBe(true);
        expect(await revocationsLeft(scratch.url)).toBe(0);
        expect(cleanupRuns(other).every((run) => run.outcome === 'success')).toBe(true);
      } finally {
        await queue.close();
        await gate.end();
      }
    });
  });

  describe('without Redis', () => {
    it('stops a run after its current batch on SIGTERM and exits 0', async () => {
      const batchSize = 100;
      const expired = 1000;
      const gate = await holdDeletes(scratch.url);
      try {
        const server = await startServer(scratch.url, installationSecrets(), { CLEANUP_BATCH_SIZE: String(batchSize), PGAPPNAME: 'rapidauth-alone' });
        servers.push(server);
        await insertExpired(scratch.url, expired);
        const root = await managementToken(server.adminUrl, { grant_type: 'password', ...ROOT });
        const running = fetch(`${server.adminUrl}/v1/operations/cleanup`, { method: 'POST', headers: { authorization: `Bearer ${root}` } }).then(
          async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }),
          () => undefined,
        );
        expect(await within(30_000, async () => (await heldBy(scratch.url)).includes('rapidauth-alone'))).toBe(true);

        const exited = server.process.stop();
        await sleep(SIGNAL_HANDLED_MS);
        await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
        expect(await exited).toBe(0);

        // Exactly the batch in flight at the signal: it finishes, no other starts.
        expect(await revocationsLeft(scratch.url)).toBe(expired - batchSize);
        const runs = cleanupRuns(server);
        expect(runs).toEqual([expect.objectContaining({ outcome: 'interrupted' })]);
        expect(runs[0].deleted.revocation_entry).toBe(batchSize);
        const answer = await running;
        if (answer) expect(answer).toEqual({ status: 200, body: expect.objectContaining({ outcome: 'interrupted' }) });
      } finally {
        await gate.end();
      }
    });
  });
});
