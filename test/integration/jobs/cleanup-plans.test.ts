import { openDatabase, runMigrations, type Database } from '@rapidauth/database';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { CleanupProcessor } from '../../../libs/jobs/src/cleanup/cleanup-processor';
import { cleanupSteps } from '../../../libs/jobs/src/cleanup/cleanup-steps';
import { AUDIT_RETENTION_DAYS, CLEANED_TABLES, countMarks, seedExpiryRows, type MarkCounts } from '../../support/expiry-rows';
import { createSignInFixture } from '../../support/sign-in-fixture';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';

const GONE = 100_000;
const KEPT = 20_000;
const CONFIG = { intervalSeconds: 0, batchSize: 1000, auditRetentionDays: AUDIT_RETENTION_DAYS };

/** The index each batch statement must go through, by the table and column it orders by. */
const EXPECTED_INDEX: Record<string, string> = {
  'account "expires_at"': 'ix_account_expires',
  'authorization_code "expires_at"': 'ix_authorization_code_expires',
  'login_transaction "expires_at"': 'ix_login_transaction_expires',
  'browser_session "expires_at"': 'ix_browser_session_expires',
  'refresh_token_family "absolute_expires_at"': 'ix_refresh_token_family_expires',
  'refresh_token_family "revoked_at"': 'ix_refresh_token_family_revoked',
  'revocation_entry "expires_at"': 'ix_revocation_entry_expires',
  'login_throttle "window_started_at"': 'ix_login_throttle_window',
  'saml_assertion_replay "expires_at"': 'ix_saml_assertion_replay_expires',
  'one_time_code "expires_at"': 'ix_one_time_code_expires',
  'custom_token_replay "expires_at"': 'ix_custom_token_replay_expires',
  'dpop_proof_jti "expires_at"': 'ix_dpop_proof_jti_expires',
  'mfa_challenge "expires_at"': 'ix_mfa_challenge_expires',
  'link_ticket "expires_at"': 'ix_link_ticket_expires',
  'device_registration "expires_at"': 'ix_device_registration_expires',
  'audit_event "occurred_at"': 'ix_audit_event_occurred',
};

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/** The batch statements a run sends, recorded (each answered "0 rows": nothing is deleted). */
async function batchStatements(dataSource: DataSource): Promise<Array<{ sql: string; params: unknown[] }>> {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const recording = new Proxy(dataSource, {
    get: (target, property) =>
      property === 'query'
        ? async (sql: string, params: unknown[] = []) => {
            if (!sql.includes('DELETE FROM')) return target.query(sql, params);
            statements.push({ sql, params });
            return [{ count: 0 }];
          }
        : Reflect.get(target, property),
  });
  await new CleanupProcessor(recording, cleanupSteps(recording, CONFIG), CONFIG.batchSize, pino({ level: 'silent' })).run();
  return statements;
}

/**
 * PostgreSQL 15 with 100 000 expired rows among 20 000 live ones in every table (families with
 * two refresh tokens each), statistics fresh: every batch statement is planned on its expiry
 * index (no sequential scan; `signing_key` holds a handful of rows and has none), and a run then
 * deletes exactly the expired rows. The one volume suite: the other suites seed hundreds.
 */
describe('expiry cleanup at volume on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  let seeded: MarkCounts;

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    database = await openDatabase({ kind: 'postgres', url: scratch.url });
    await runMigrations(database);
    seeded = await seedExpiryRows(database.dataSource, await createSignInFixture(database.dataSource.manager), { gone: GONE, kept: KEPT });
    await database.dataSource.query('ANALYZE');
  }, 300_000);

  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('plans every batch statement as an index scan on its expiry index', async () => {
    const statements = await batchStatements(database.dataSource);
    const planned: Record<string, { indexes: string[]; sequential: string[] }> = {};
    for (const { sql, params } of statements) {
      const [table, orderBy] = [/DELETE FROM "(\w+)"/.exec(sql)![1], /ORDER BY ("\w+")/.exec(sql)![1]];
      const [{ 'QUERY PLAN': plan }]: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> = await database.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      const all = nodes(plan[0].Plan);
      planned[`${table} ${orderBy}`] = {
        indexes: [...new Set(all.map((node) => node['Index Name']).filter((name): name is string => Boolean(name)))].sort(),
        sequential: all.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name'] ?? '?'),
      };
    }
    expect(Object.keys(planned).sort()).toEqual([...Object.keys(EXPECTED_INDEX), 'signing_key "retires_at"'].sort());
    for (const [statement, index] of Object.entries(EXPECTED_INDEX)) {
      expect([statement, planned[statement].sequential]).toEqual([statement, []]);
      expect([statement, planned[statement].indexes]).toEqual([statement, expect.arrayContaining([index])]);
    }
  });

  it('deletes exactly the expired rows', async () => {
    const run = await new CleanupProcessor(database.dataSource, cleanupSteps(database.dataSource, CONFIG), CONFIG.batchSize, pino({ level: 'silent' })).run();
    expect(run.outcome).toBe('success');
    expect(await countMarks(database.dataSource)).toEqual(
      Object.fromEntries(CLEANED_TABLES.map((table) => [table, { gone: 0, kept: seeded[table].kept }])),
    );
  }, 300_000);
});
