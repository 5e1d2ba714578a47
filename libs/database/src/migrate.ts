import type { Database } from './data-source';

// Any constant: instances starting together on one PostgreSQL migrate one at a time.
const MIGRATION_LOCK_ID = 7_231_000_001;

/** Applies pending migrations, each in its own transaction. Returns the names applied. */
export async function runMigrations(database: Database): Promise<string[]> {
  const { dataSource } = database;
  if (database.kind === 'pglite') {
    // One process owns the data dir (lock file): nothing to serialise with.
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
