import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_MIGRATIONS, openDatabase, runMigrations } from '@rapidauth/database';
import { Client } from 'pg';

/**
 * Migrating a fresh database costs about a second on PostgreSQL and several on PGlite (whose
 * initdb alone takes seconds): suites that only need a migrated schema copy one migrated once
 * per test run instead. The suites that test migrating itself (database conformance, start-up)
 * still start from empty databases.
 */

// Named after the migrations' code, so a changed migration never clones a stale schema.
const digest = createHash('sha256')
  .update(ALL_MIGRATIONS.map((migration) => `${migration.name}\n${migration.toString()}`).join('\n'))
  .digest('hex')
  .slice(0, 16);

// Any constant: Jest workers creating the template at once build it one at a time.
const TEMPLATE_LOCK_ID = 7_231_000_101;

const templates = new Map<string, Promise<string>>();

/**
 * The name of a database on the server at `serverUrl` holding every migration, made on first use
 * (by whichever worker comes first). It accepts no connections: PostgreSQL copies a template
 * only while nobody is connected to it (CREATE DATABASE … TEMPLATE).
 */
export function migratedPostgresTemplate(serverUrl: string): Promise<string> {
  let template = templates.get(serverUrl);
  if (!template) {
    template = buildPostgresTemplate(serverUrl);
    templates.set(serverUrl, template);
    template.catch(() => templates.delete(serverUrl));
  }
  return template;
}

async function buildPostgresTemplate(serverUrl: string): Promise<string> {
  const name = `rapidauth_template_${digest}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_ID]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return name;
    // Built under another name and renamed when complete: a worker that died halfway leaves
    // no half-migrated template behind.
    const building = `${name}_build`;
    await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${building}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${building}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString() });
    try {
      await runMigrations(database);
    } finally {
      await database.close();
    }
    await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    return name;
  } finally {
    await client.end();
  }
}

/**
 * A PGlite data directory holding every migration, made on first use under `root` (the run's
 * TEST_SCRATCH_DIR), never opened again: suites open copies of it. Workers racing to make it
 * each build one; the first rename wins.
 */
export async function migratedPgliteTemplate(root: string): Promise<string> {
  const dir = join(root, `pglite-template-${digest}`);
  if (existsSync(dir)) return dir;
  const building = mkdtempSync(join(root, 'pglite-building-'));
  try {
    const database = await openDatabase({ kind: 'pglite', dataDir: building });
    try {
      await runMigrations(database);
    } finally {
      await database.close();
    }
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}
