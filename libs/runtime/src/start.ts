import type { INestApplication } from '@nestjs/common';
import { ensureBootstrapAdmin } from '@rapidauth/access';
import { loadConfig } from '@rapidauth/config';
import { openDatabase, runMigrations, type Database } from '@rapidauth/database';
import { MAINTENANCE_QUEUE, startMaintenance, type Maintenance } from '@rapidauth/jobs';
import { chooseLogFormat, createMetrics, createRootLogger, stdoutLogOutput, type LogOutput } from '@rapidauth/observability';
import type { Logger } from 'pino';
import { createHttpApp } from './create-http-app';
import type { Runtime, ServedApp } from './served-app';

/** A started RapidAuth process: its runtime, its listening apps and how to stop them. */
export interface RunningRapidAuth {
  readonly runtime: Runtime;
  readonly apps: ReadonlyMap<string, INestApplication>;
  /**
   * Stops the maintenance jobs (a cleanup after its current batch), closes the apps (in-flight
   * requests finish), then the database, then writes out the buffered log lines. Idempotent.
   */
  stop(): Promise<void>;
  /** Writes out the log lines buffered so far. */
  flushLogs(): Promise<void>;
}

export interface StartOptions {
  /** Where log lines go instead of stdout (tests read them). */
  readonly logOutput?: LogOutput;
}

/**
 * Start-up, in order: validate configuration, open the database, apply pending migrations,
 * create the bootstrap admin, start the maintenance jobs, then listen. Each failure throws an
 * error whose message is one line meant for the operator (see runMain).
 */
export async function startRapidAuth(
  served: readonly ServedApp[],
  env: NodeJS.ProcessEnv = process.env,
  options: StartOptions = {},
): Promise<RunningRapidAuth> {
  const { config, warnings } = loadConfig(env);
  const output = options.logOutput ?? stdoutLogOutput(chooseLogFormat(config.logFormat, process.stdout.isTTY === true));
  const logger = createRootLogger(config.logLevel, output.stream);
  const log = logger.child({ app: 'rapidauth' });
  for (const warning of warnings) log.warn(warning);

  const database = await openDatabase(config.database);
  const apps = new Map<string, INestApplication>();
  let maintenance: Maintenance | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // The jobs first: a cleanup stops between batches (an admin call waiting on it then answers)
      // and the worker closes while the database is still there.
      await maintenance?.stop().catch((error) => log.error({ err: error }, 'stopping maintenance jobs'));
      for (const app of apps.values()) await app.close().catch((error) => log.error({ err: error }, 'closing app'));
      await database.close().finally(() => output.flush());
    })());

  try {
    const applied = await runMigrations(database);
    if (applied.length > 0) log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
    await bootstrapAdmin(config.bootstrapAdmin, database, log);

    const metrics = createMetrics(config.metricsEnabled);
    maintenance = startMaintenance(config, database.dataSource, log, { onRun: (run) => metrics.cleanupRun(run) });
    if (maintenance.jobCounts) metrics.watchJobs(MAINTENANCE_QUEUE, maintenance.jobCounts);
    const runtime: Runtime = { config, database, logger, maintenance, metrics };
    for (const spec of served) {
      const app = await createHttpApp(spec, runtime);
      apps.set(spec.name, app);
      const port = spec.port(config);
      await app.listen(port, config.host);
      log.info({ port, host: config.host, database: database.kind }, `${spec.name} listening on ${config.host}:${port}`);
    }
    return { runtime, apps, stop, flushLogs: () => output.flush() };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function bootstrapAdmin(
  credentials: Runtime['config']['bootstrapAdmin'],
  database: Database,
  log: Logger,
): Promise<void> {
  if (!credentials) return;
  const result = await ensureBootstrapAdmin(database.dataSource, {
    username: credentials.username,
    password: credentials.password.reveal(),
  });
  if (result.created) log.info({ adminId: result.adminId }, `created bootstrap admin "${credentials.username}" as platform owner`);
}
