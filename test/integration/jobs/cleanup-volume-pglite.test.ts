import { IN_MEMORY, openDatabase, runMigrations, type Database } from '@rapidauth/database';
import pino from 'pino';
import { CleanupProcessor } from '../../../libs/jobs/src/cleanup/cleanup-processor';
import { cleanupSteps } from '../../../libs/jobs/src/cleanup/cleanup-steps';
import { AUDIT_RETENTION_DAYS, CLEANED_TABLES, countMarks, seedExpiryRows, type MarkCounts } from '../../support/expiry-rows';
import { createSignInFixture } from '../../support/sign-in-fixture';

/** Expired rows in all, spread evenly over the cleaned tables. */
const GONE = 100_000;
const KEPT_PER_TABLE = 2_000;
const CONFIG = { intervalSeconds: 0, batchSize: 1000, auditRetentionDays: AUDIT_RETENTION_DAYS };

/**
 * The embedded database (PGlite, one connection) with 100 000 expired rows among live ones in
 * every cleaned table: one run deletes exactly the expired rows, batch after batch, and reports
 * them. The PostgreSQL volume suite (cleanup-plans) also checks the plans; PGlite runs the same
 * statements.
 */
describe('expiry cleanup at volume on PGlite', () => {
  let database: Database;
  let seeded: MarkCounts;

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY });
    await runMigrations(database);
    const ids = await createSignInFixture(database.dataSource.manager);
    seeded = await seedExpiryRows(database.dataSource, ids, { gone: Math.ceil(GONE / CLEANED_TABLES.length), kept: KEPT_PER_TABLE });
  }, 300_000);

  afterAll(async () => {
    await database?.close();
  });

  it('deletes exactly the expired rows, every live one stays', async () => {
    expect(Object.values(seeded).reduce((sum, { gone }) => sum + gone, 0)).toBeGreaterThanOrEqual(GONE);
    const run = await new CleanupProcessor(database.dataSource, cleanupSteps(database.dataSource, CONFIG), CONFIG.batchSize, pino({ level: 'silent' })).run();
    expect(run.outcome).toBe('success');
    // At least the seeded ones: the fixture's own short-lived rows may have expired during the seeding.
    for (const table of CLEANED_TABLES.filter((name) => name !== 'refresh_token')) {
      expect([table, run.deleted[table] >= seeded[table].gone]).toEqual([table, true]);
    }
    expect(await countMarks(database.dataSource)).toEqual(
      Object.fromEntries(CLEANED_TABLES.map((table) => [table, { gone: 0, kept: seeded[table].kept }])),
    );
  }, 300_000);
});
