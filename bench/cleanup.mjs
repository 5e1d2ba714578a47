#!/usr/bin/env node
// npm run bench:cleanup — the expiry cleanup at volume (docs/operations.md, "Expiry cleanup").
//
// On PostgreSQL (scripts/test-servers.sh starts a throwaway one without TEST_DATABASE_URL), per
// batch size: a scratch database holding CLEANUP_BENCH_ROWS expired rows beside as many live ones,
// split over authorization codes, refresh families (each with a rotated and a current refresh
// token) and revocation entries; the gateway serving client_credentials tokens on it. It measures
// the gateway idle, then runs the cleanup (this process, as a worker does) while the gateway is
// under the same load: rows deleted per second, the p50/p99 time of one batch, and req/s during the
// run against idle. Then CLEANUP_BENCH_PGLITE_ROWS on PGlite (no load). Prints a table; numbers
// for BENCHMARKS.md come from a quiet machine.
//
//   CLEANUP_BENCH_ROWS=1000000 CLEANUP_BENCH_BATCHES=1000,10000 CLEANUP_BENCH_PGLITE_ROWS=100000 npm run bench:cleanup
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const require = createRequire(import.meta.url);

function intEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`bench:cleanup: ${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

const ROWS = intEnv('CLEANUP_BENCH_ROWS', 1_000_000, 3, 30_000_000);
const PGLITE_ROWS = intEnv('CLEANUP_BENCH_PGLITE_ROWS', 100_000, 0, 10_000_000);
const LOAD_SECONDS = intEnv('CLEANUP_BENCH_LOAD_SECONDS', 10, 1, 600);
// The load during a cleanup runs in chunks this long, so it stops at most this much after the cleanup.
const LOAD_CHUNK_SECONDS = 1;
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 32, 1, 1024);
const BATCHES = (process.env.CLEANUP_BENCH_BATCHES || '1000,10000').split(',').map((raw) => {
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < 1 || value > 50_000) {
    console.error(`bench:cleanup: CLEANUP_BENCH_BATCHES holds batch sizes from 1 to 50000 (got "${raw}")`);
    process.exit(2);
  }
  return value;
});

if (!process.env.TEST_DATABASE_URL) {
  console.error('bench:cleanup: TEST_DATABASE_URL not set: starting a throwaway PostgreSQL with scripts/test-servers.sh');
  const child = spawn('bash', ['scripts/test-servers.sh', process.execPath, fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 143 : 1)));
} else {
  await main();
}

async function main() {
  const [{ prepareSource }, proc, { runLoad }, { startRapidAuth }, clientCredentials, { describeMachine }] = await Promise.all([
    import('./lib/source.mjs'),
    import('./lib/proc.mjs'),
    import('./lib/load.mjs'),
    import('./servers/index.mjs'),
    import('./scenarios/client-credentials.mjs'),
    import('./lib/machine.mjs'),
  ]);
  const log = (line) => console.error(line);
  const pg = require('pg');
  const source = prepareSource(ROOT, process.env.BENCH_REF, log);
  const dist = (path) => require(join(source.dir, 'dist', path));
  require('reflect-metadata');
  const { openDatabase, runMigrations } = dist('libs/database/src/index.js');
  const { CleanupProcessor } = dist('libs/jobs/src/cleanup/cleanup-processor.js');
  const { cleanupSteps } = dist('libs/jobs/src/cleanup/cleanup-steps.js');
  const { SecretHasher } = dist('libs/vault/src/index.js');
  const { TenancyProvisioner } = dist('libs/tenancy/src/index.js');
  const pino = require('pino');

  const workDir = mkdtempSync(join(tmpdir(), 'rapidauth-bench-cleanup-'));
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const scratch = [];
  const results = [];
  const stop = async () => {
    await proc.stopAll();
    for (const name of scratch.splice(0)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
    source.cleanup();
  };
  process.on('SIGTERM', () => stop().finally(() => process.exit(143)));

  /** The cleanup over `dataSource` with every batch timed; returns the run and the batch times (ms). */
  const timedCleanup = async (dataSource, batchSize) => {
    const batchMs = [];
    const steps = cleanupSteps(dataSource, { intervalSeconds: 0, batchSize, auditRetentionDays: 0 }).map((step) => ({
      ...step,
      deleteBatch: async (now, size) => {
        const started = performance.now();
        const deleted = await step.deleteBatch(now, size);
        if (deleted > 0) batchMs.push(performance.now() - started);
        return deleted;
      },
    }));
    const started = performance.now();
    const run = await new CleanupProcessor(dataSource, steps, batchSize, pino({ level: 'silent' })).run();
    if (run.outcome !== 'success') throw new Error(`bench:cleanup: the run ended ${run.outcome}`);
    return { run, seconds: (performance.now() - started) / 1000, batchMs };
  };

  try {
    const machine = describeMachine();
    log(`bench:cleanup: ${machine.nproc} × ${machine.cpuModel}, ${machine.memTotalGiB.toFixed(0)} GiB, Node ${machine.node}, ${machine.date}, load ${machine.loadAverage.map((n) => n.toFixed(2)).join(' ')}`);
    for (const batchSize of BATCHES) {
      const name = `rapidauth_bench_cleanup_${randomBytes(5).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      scratch.push(name);
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      const gateway = await startRapidAuth({ workDir, databaseUrl: url.href, source, logName: `gateway-${batchSize}.log`, env: { CLEANUP_INTERVAL_SECONDS: '0' } });
      const database = await openDatabase({ kind: 'postgres', url: url.href });
      try {
        const seeded = await seed(database.dataSource, gateway.tenant, ROWS, log);
        const request = await clientCredentials.build.rapidauth(gateway);
        const idle = await runLoad(request, { durationSeconds: LOAD_SECONDS, connections: CONNECTIONS });
        const during = loadUntil(runLoad, request, CONNECTIONS);
        const cleanup = await timedCleanup(database.dataSource, batchSize);
        const load = await during.stop();
        const left = await countLive(database.dataSource);
        if (left.expired !== 0 || left.live !== seeded.live) throw new Error(`bench:cleanup: after the run ${JSON.stringify(left)}, expected 0 expired and ${seeded.live} live`);
        results.push({ backend: 'PostgreSQL', batchSize, ...summary(cleanup), idleRps: idle.rps, duringRps: load.rps, non2xx: load.non2xx + idle.non2xx });
      } finally {
        await database.close();
        await gateway.stop();
      }
    }
    if (PGLITE_ROWS > 0) {
      const dataDir = join(workDir, 'pglite');
      const database = await openDatabase({ kind: 'pglite', dataDir });
      try {
        await runMigrations(database);
        const provisioner = new TenancyProvisioner(database.dataSource, new SecretHasher(randomBytes(32)));
        const { organization } = await provisioner.createOrganization({ name: `bench-${randomBytes(4).toString('hex')}` });
        const app = await provisioner.createApp({ organizationId: organization.id, name: 'mobile' });
        const { environment, localService } = await provisioner.createEnvironment({ appId: app.id, name: 'production' });
        const seeded = await seed(database.dataSource, { environmentId: environment.id, localServiceId: localService.id, appKey: environment.appKey }, PGLITE_ROWS, log);
        const cleanup = await timedCleanup(database.dataSource, BATCHES[0]);
        const left = await countLive(database.dataSource);
        if (left.expired !== 0 || left.live !== seeded.live) throw new Error(`bench:cleanup: PGlite after the run ${JSON.stringify(left)}`);
        results.push({ backend: 'PGlite', batchSize: BATCHES[0], ...summary(cleanup) });
      } finally {
        await database.close();
      }
    }
    printTable(results);
  } finally {
    await stop();
  }
}

/** Load in back-to-back one-second runs until stopped (so at most a second runs past the cleanup); req/s over them. */
function loadUntil(runLoad, request, connections) {
  let stopping = false;
  const runs = [];
  let failure;
  // Kept until stop(): an unhandled rejection would end the process before the gateway is stopped.
  const loop = (async () => {
    while (!stopping) runs.push(await runLoad(request, { durationSeconds: LOAD_CHUNK_SECONDS, connections }));
  })().catch((error) => {
    failure = error;
  });
  return {
    stop: async () => {
      stopping = true;
      await loop;
      if (failure) throw failure;
      const total = runs.reduce((sum, run) => sum + run.total, 0);
      return { rps: total / (LOAD_CHUNK_SECONDS * runs.length), non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0) };
    },
  };
}

/**
 * `rows` expired rows and as many live ones, a third each: authorization codes, refresh families
 * (expired, or revoked over a day ago; each with two refresh tokens, not counted), revocation
 * entries. One INSERT … SELECT generate_series each, then ANALYZE, as after a day of traffic.
 */
async function seed(dataSource, tenant, rows, log) {
  const started = performance.now();
  const third = Math.floor(rows / 3);
  const [account] = await dataSource.query(`INSERT INTO "account" ("environment_id") VALUES ($1) RETURNING "id"`, [tenant.environmentId]);
  const [identity] = await dataSource.query(
    `INSERT INTO "identity" ("account_id", "environment_id", "provider", "provider_uid") VALUES ($1, $2, 'local', 'bench-cleanup') RETURNING "id"`,
    [account.id, tenant.environmentId],
  );
  const ids = [tenant.environmentId, account.id, identity.id, tenant.localServiceId];
  for (const [mark, at] of [['gone', `now() - interval '2 days'`], ['kept', `now() + interval '1 hour'`]]) {
    await dataSource.query(
      `INSERT INTO "authorization_code" ("code_hash", "environment_id", "client_id", "account_id", "identity_id", "auth_service_id", "redirect_uri", "code_challenge", "auth_time", "expires_at")
       SELECT rpad($6 || '-' || "g", 64, '.'), $2::uuid, $6, $3::uuid, $4::uuid, $5::uuid, 'https://app.example/cb', 'challenge', now(), ${at} FROM generate_series(1, $1::int) AS "g"`,
      [third, ...ids, mark],
    );
    await dataSource.query(
      `WITH "f" AS (
         INSERT INTO "refresh_token_family" ("environment_id", "client_id", "account_id", "identity_id", "auth_service_id", "auth_time", "absolute_expires_at")
         SELECT $2::uuid, $6, $3::uuid, $4::uuid, $5::uuid, now(), ${at} FROM generate_series(1, $1::int)
         RETURNING "id", "absolute_expires_at")
       INSERT INTO "refresh_token" ("family_id", "token_hash", "expires_at", "rotated_at")
       SELECT "f"."id", rpad("f"."id"::text || '-' || "n", 64, '.'), "f"."absolute_expires_at", CASE WHEN "n" = 1 THEN now() END
       FROM "f", generate_series(1, 2) AS "n"`,
      [third, ...ids, mark],
    );
    await dataSource.query(
      `INSERT INTO "revocation_entry" ("kind", "value", "reason", "expires_at") SELECT 'jti', $2 || '-' || "g", 'bench', ${at} FROM generate_series(1, $1::int) AS "g"`,
      [rows - 2 * third, mark],
    );
  }
  await dataSource.query('ANALYZE');
  log(`bench:cleanup: seeded ${rows} expired and ${rows} live rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { live: rows };
}

async function countLive(dataSource) {
  const [row] = await dataSource.query(
    `SELECT
       (SELECT count(*) FROM "authorization_code" WHERE "client_id" = 'gone') + (SELECT count(*) FROM "refresh_token_family" WHERE "client_id" = 'gone')
         + (SELECT count(*) FROM "revocation_entry" WHERE "value" LIKE 'gone-%') AS "expired",
       (SELECT count(*) FROM "authorization_code" WHERE "client_id" = 'kept') + (SELECT count(*) FROM "refresh_token_family" WHERE "client_id" = 'kept')
         + (SELECT count(*) FROM "revocation_entry" WHERE "value" LIKE 'kept-%') AS "live"`,
  );
  return { expired: Number(row.expired), live: Number(row.live) };
}

function summary({ run, seconds, batchMs }) {
  const sorted = [...batchMs].sort((a, b) => a - b);
  const at = (p) => (sorted.length > 0 ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);
  const deleted = Object.values(run.deleted).reduce((sum, n) => sum + n, 0);
  return { deleted, seconds, rowsPerSecond: deleted / seconds, batches: sorted.length, p50BatchMs: at(50), p99BatchMs: at(99) };
}

function printTable(results) {
  const header = '| backend | batch | rows deleted | s | rows/s | batches | p50 batch ms | p99 batch ms | client_credentials req/s idle → during |';
  console.log(header);
  console.log(`|${header.split('|').slice(1, -1).map(() => ' --- ').join('|')}|`);
  for (const r of results) {
    const load = r.idleRps === undefined ? '—' : `${Math.round(r.idleRps)} → ${Math.round(r.duringRps)} (${(((r.duringRps - r.idleRps) / r.idleRps) * 100).toFixed(0)} %)`;
    console.log(
      `| ${r.backend} | ${r.batchSize} | ${r.deleted} | ${r.seconds.toFixed(1)} | ${Math.round(r.rowsPerSecond)} | ${r.batches} | ${r.p50BatchMs.toFixed(1)} | ${r.p99BatchMs.toFixed(1)} | ${load} |`,
    );
  }
}
