import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_MEMORY, openDatabase, runMigrations, type Database } from '@rapidauth/database';
import { migratedPgliteTemplate } from './migrated-templates';
import { createScratchDatabase } from './test-servers';

/** The two backends the storage suites run on, as `describe.each` rows: a label and the kind. */
export const BACKENDS = [
  ['PostgreSQL', 'postgres'],
  ['PGlite', 'pglite'],
] as const;

export type BackendKind = (typeof BACKENDS)[number][1];

/**
 * A migrated database of the suite's own: a fresh scratch database on the test PostgreSQL server,
 * or PGlite, in a copy of a migrated data directory under TEST_SCRATCH_DIR (set by
 * scripts/test-servers.sh), else in memory. Both copies are made from a template migrated once
 * per run (migrated-templates.ts); the migrations then run again and find nothing to do. Its
 * `close` also drops the scratch database or the copy; a failed start leaves none behind.
 */
export async function openMigratedDatabase(kind: BackendKind): Promise<Database> {
  const scratch = kind === 'postgres' ? await createScratchDatabase({ migrated: true }) : undefined;
  const copy = kind === 'pglite' ? await pgliteCopy() : undefined;
  const discard = async () => {
    await scratch?.drop();
    if (copy) rmSync(copy, { recursive: true, force: true });
  };
  const opened = await (scratch
    ? openDatabase({ kind: 'postgres', url: scratch.url })
    : openDatabase({ kind: 'pglite', dataDir: copy ?? IN_MEMORY })
  ).catch(async (error: unknown) => {
    await discard();
    throw error;
  });
  const database: Database = {
    kind: opened.kind,
    dataSource: opened.dataSource,
    close: async () => {
      await opened.close();
      await discard();
    },
  };
  await runMigrations(database).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  return database;
}

/** A fresh copy of the migrated PGlite template, or undefined outside scripts/test-servers.sh. */
async function pgliteCopy(): Promise<string | undefined> {
  const root = process.env.TEST_SCRATCH_DIR;
  if (!root) return undefined;
  const template = await migratedPgliteTemplate(root);
  const copy = mkdtempSync(join(root, 'pglite-'));
  cpSync(template, copy, { recursive: true });
  return copy;
}

/**
 * A fresh DATA_DIR for an embedded start (`npm start` without DATABASE_URL, PGlite in DATA_DIR)
 * whose database already holds every migration: a copy of the migrated template (under
 * TEST_SCRATCH_DIR), or an empty directory without it, which the start then migrates. For suites
 * testing something other than migrating: on a loaded machine a start that migrates PGlite can
 * take most of a minute. The caller removes it.
 */
export async function migratedDataDir(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const root = process.env.TEST_SCRATCH_DIR;
  if (root) cpSync(await migratedPgliteTemplate(root), dir, { recursive: true });
  return dir;
}
