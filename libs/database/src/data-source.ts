import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Logger } from '@nestjs/common';
import type { DatabaseConfig } from '@rapidauth/config';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DataDirLock } from './data-dir-lock';
import { DatabaseUnavailableError } from './database.errors';
import { ALL_ENTITIES } from './entities';
import { ALL_MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** An open database: the TypeORM data source plus what must be closed with it. */
export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/** PGlite's in-memory mode, for tests. */
export const IN_MEMORY = 'memory://';

const common = {
  type: 'postgres' as const,
  entities: ALL_ENTITIES,
  migrations: ALL_MIGRATIONS,
  migrationsTableName: 'schema_migration',
  namingStrategy: new SnakeNamingStrategy(),
  synchronize: false,
  migrationsRun: false,
  logging: false,
  // A generous timeout turns a connection that never frees (a deadlock on PGlite's single
  // connection) into a clear error instead of a hang.
  connectTimeoutMS: 30_000,
};

const poolLogger = new Logger('DatabasePool');

/**
 * The options every data source shares; exported for the migration generator. While the server is
 * away, a request fails within the connect timeout (then answers 503, see isDatabaseUnavailable);
 * the pool drops broken connections and opens new ones once the server is back. An idle
 * connection the server dropped is logged, not fatal: without the handler it would crash the process.
 */
export function postgresOptions(url: string): DataSourceOptions {
  return {
    ...common,
    url,
    connectTimeoutMS: 5_000,
    extra: { max: 20, keepAlive: true },
    poolErrorHandler: (error: unknown) => poolLogger.warn(`an idle database connection failed: ${reason(error)}`),
  };
}

/**
 * Opens the configured database and connects. Does not run migrations (see runMigrations).
 * Failures become a DatabaseUnavailableError whose message names the server without credentials.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config.url) : openPglite(config.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
  const dataSource = new DataSource(postgresOptions(url));
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DatabaseUnavailableError(
      `cannot connect to PostgreSQL at ${describeServer(url)}: ${reason(error)} — check DATABASE_URL and that the server is running`,
      { cause: error },
    );
  }
  return { kind: 'postgres', dataSource, close: () => dataSource.destroy() };
}

async function openPglite(dataDir: string): Promise<Database> {
  const lock = dataDir === IN_MEMORY ? undefined : DataDirLock.acquire(dataDir);
  let pglite: PGlite | undefined;
  try {
    pglite = new PGlite(dataDir, { extensions: { pgcrypto } });
    // Must be ready before TypeORM connects, or start-up can hang and exit silently.
    await pglite.waitReady;
    const dataSource = new DataSource({
      ...common,
      uuidExtension: 'pgcrypto',
      poolSize: 1,
      // One connection only: PGlite is a single session and more connections hang.
      extra: { ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 },
    });
    await dataSource.initialize();
    const opened = pglite;
    return {
      kind: 'pglite',
      dataSource,
      close: async () => {
        try {
          if (dataSource.isInitialized) await dataSource.destroy();
          // destroy() does not close PGlite itself.
          await opened.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    lock?.release();
    throw new DatabaseUnavailableError(`cannot open the embedded database in ${dataDir}: ${reason(error)}`, {
      cause: error,
    });
  }
}

/** host:port/database of a connection URL, never its credentials. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname || '/'}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  const err = error as { code?: string; message?: string };
  const message = err?.message || String(error);
  return err?.code && !message.includes(err.code) ? `${err.code} ${message}` : message;
}
