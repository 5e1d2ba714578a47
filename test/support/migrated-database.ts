import { IN_MEMORY, openDatabase, runMigrations, type Database } from '@rapidauth/database';
import { createScratchDatabase } from './test-servers';

/** The two backends the storage suites run on, as `describe.each` rows: a label and the kind. */
export const BACKENDS = [
  ['PostgreSQL', 'postgres'],
  ['PGlite', 'pglite'],
] as const;

export type BackendKind = (typeof BACKENDS)[number][1];

/**
 * A migrated database of the suite's own: a fresh scratch database on the test PostgreSQL server,
 * or PGlite in memory. Its `close` also drops the scratch database; a failed start leaves none behind.
 */
export async function openMigratedDatabase(kind: BackendKind): Promise<Database> {
  const scratch = kind === 'postgres' ? await createScratchDatabase() : undefined;
  const opened = await (scratch ? openDatabase({ kind: 'postgres', url: scratch.url }) : openDatabase({ kind: 'pglite', dataDir: IN_MEMORY })).catch(
    async (error: unknown) => {
      await scratch?.drop();
      throw error;
    },
  );
  const database: Database = {
    kind: opened.kind,
    dataSource: opened.dataSource,
    close: async () => {
      await opened.close();
      await scratch?.drop();
    },
  };
  await runMigrations(database).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  return database;
}
