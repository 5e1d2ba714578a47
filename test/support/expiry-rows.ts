import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SignInIds } from './sign-in-fixture';

/**
 * Rows for the expiry cleanup, seeded with one INSERT … SELECT generate_series per kind: in every
 * table the cleanup covers, `gone` rows it must delete and `kept` rows it must leave (live ones,
 * and those just inside a boundary: a family expired or revoked an hour ago, a stale counter still
 * locked, a key retired an hour ago, a code expired half an hour ago; accounts that expire in an hour). Each row's mark (`gone` / `kept`) is in a text column, so
 * `countMarks` tells exactly which rows are left. Audit events are aged for a 30-day retention.
 */
export const AUDIT_RETENTION_DAYS = 30;

export const CLEANED_TABLES = [
  'account',
  'authorization_code',
  'login_transaction',
  'browser_session',
  'refresh_token_family',
  'refresh_token',
  'revocation_entry',
  'login_throttle',
  'saml_assertion_replay',
  'one_time_code',
  'custom_token_replay',
  'dpop_proof_jti',
  'mfa_challenge',
  'link_ticket',
  'device_registration',
  'signing_key',
  'audit_event',
] as const;

export type CleanedTable = (typeof CLEANED_TABLES)[number];
export type MarkCounts = Record<CleanedTable, { gone: number; kept: number }>;

/**
 * Seeds `gone` and `kept` rows per table (families: half expired, half revoked; each with a rotated
 * and a current token); may be called again on the same database.
 */
export async function seedExpiryRows(dataSource: DataSource, ids: SignInIds, counts: { gone: number; kept: number }): Promise<MarkCounts> {
  const { gone, kept } = counts;
  const run = (sql: string, params: unknown[]) => dataSource.query(sql, params);
  // An hour either side of now: far from every boundary but the ones the `kept` rows sit beside.
  const expiring = (table: string, columns: string, values: string, expiresAt: string, mark: 'gone' | 'kept', n: number, extra: unknown[] = []) =>
    run(`INSERT INTO "${table}" (${columns}, "expires_at") SELECT ${values}, ${expiresAt} FROM generate_series(1, $1::int) AS "g"`, [n, mark, ...extra]);
  // Unique per call (the suites seed one database again), the mark first.
  const seed = randomBytes(4).toString('hex');
  const unique = `$2::text || '-${seed}-' || "g"`;
  // Padded with a non-digit: `…-1` and `…-10` must stay distinct.
  const hash = `rpad(${unique}, 64, '.')`;
  const { environmentId, accountId, identityId, serviceId } = ids;
  // Device challenges need an app signature: one per call, its build unique.
  const [{ id: appSignatureId }] = await run(
    `INSERT INTO "app_signature" ("id", "environment_id", "identifier", "version", "platform", "ocra_suite", "secret_sealed")
     VALUES (gen_random_uuid(), $1, 'com.example.expiry', $2, 'android', 'OCRA-1:HOTP-SHA256-8:QH64-T1M', 'sealed') RETURNING "id"`,
    [environmentId, seed],
  );

  for (const [mark, n, at] of [['gone', gone, `now() - interval '1 hour'`], ['kept', kept, `now() + interval '1 hour'`]] as const) {
    await expiring(
      'authorization_code',
      '"code_hash", "environment_id", "client_id", "account_id", "identity_id", "auth_service_id", "redirect_uri", "code_challenge", "auth_time"',
      `${hash}, $3::uuid, $2, $4::uuid, $5::uuid, $6::uuid, 'https://app.example/cb', 'challenge', now()`,
      at, mark, n, [environmentId, accountId, identityId, serviceId],
    );
    await expiring('login_transaction', '"environment_id", "request", "browser_binding_hash"', `$3::uuid, jsonb_build_object('mark', $2::text), ${hash}`, at, mark, n, [environmentId]);
    await expiring(
      'browser_session',
      '"cookie_hash", "environment_id", "account_id", "identity_id", "auth_service_id", "auth_time"',
      `${hash}, $3::uuid, $4::uuid, $5::uuid, $6::uuid, now()`,
      at, mark, n, [environmentId, accountId, identityId, serviceId],
    );
    await expiring('revocation_entry', '"kind", "value", "reason"', `'jti', ${unique}, 'test'`, at, mark, n);
    await run(
      `INSERT INTO "saml_assertion_replay" ("service_id", "assertion_id", "expires_at") SELECT $3::uuid, ${unique}, ${at} FROM generate_series(1, $1::int) AS "g"`,
      [n, mark, serviceId],
    );
    await run(
      `INSERT INTO "custom_token_replay" ("environment_id", "jti", "expires_at") SELECT $3::uuid, ${unique}, ${at} FROM generate_series(1, $1::int) AS "g"`,
      [n, mark, environmentId],
    );
    await run(`INSERT INTO "dpop_proof_jti" ("jkt", "jti", "expires_at") SELECT 'jkt', ${unique}, ${at} FROM generate_series(1, $1::int) AS "g"`, [n, mark]);
    // Accounts that end on their own, each with its identity, whose providerUid carries the mark.
    await run(
      `WITH "a" AS (INSERT INTO "account" ("environment_id", "expires_at") SELECT $3::uuid, ${at} FROM generate_series(1, $1::int) RETURNING "id")
       INSERT INTO "identity" ("account_id", "environment_id", "provider", "provider_uid") SELECT "a"."id", $3::uuid, 'anonymous', $2::text || '-${seed}-' || "a"."id" FROM "a"`,
      [n, mark, environmentId],
    );
    await expiring('mfa_challenge', '"token_hash", "account_id", "environment_id", "client_id", "login"', `${hash}, $3::uuid, $4::uuid, ${unique}, '{}'`, at, mark, n, [accountId, environmentId]);
    await expiring('link_ticket', '"ticket_hash", "account_id", "environment_id"', `${hash}, $3::uuid, $4::uuid`, at, mark, n, [accountId, environmentId]);
    await expiring('device_registration', '"app_signature_id", "challenge"', `$3::uuid, ${unique}`, at, mark, n, [appSignatureId]);
  }

  // Families: gone = expired or revoked two days ago; kept = live, or expired / revoked only an hour ago.
  const family = (n: number, mark: string, expiresAt: string, revokedAt: string) =>
    run(
      `WITH "f" AS (
         INSERT INTO "refresh_token_family" ("environment_id", "client_id", "account_id", "identity_id", "auth_service_id", "auth_time", "absolute_expires_at", "revoked_at")
         SELECT $2::uuid, $3, $4::uuid, $5::uuid, $6::uuid, now(), ${expiresAt}, ${revokedAt} FROM generate_series(1, $1::int)
         RETURNING "id", "absolute_expires_at")
       INSERT INTO "refresh_token" ("family_id", "token_hash", "expires_at", "rotated_at")
       SELECT "f"."id", rpad("f"."id"::text || '-' || "n", 64, '.'), "f"."absolute_expires_at", CASE WHEN "n" = 1 THEN now() END
       FROM "f", generate_series(1, 2) AS "n"`,
      [n, environmentId, mark, accountId, identityId, serviceId],
    );
  const half = (n: number) => Math.floor(n / 2);
  await family(half(gone), 'gone', `now() - interval '2 days'`, 'NULL');
  await family(gone - half(gone), 'gone', `now() + interval '1 hour'`, `now() - interval '2 days'`);
  const third = Math.floor(kept / 3);
  await family(kept - 2 * third, 'kept', `now() + interval '1 hour'`, 'NULL');
  await family(third, 'kept', `now() - interval '1 hour'`, 'NULL');
  await family(third, 'kept', `now() + interval '1 hour'`, `now() - interval '1 hour'`);

  // Counters: gone = window and lock over; kept = window over but still locked, or window running.
  const counter = (n: number, mark: string, variant: string, windowStartedAt: string, lockedUntil: string) =>
    run(
      `INSERT INTO "login_throttle" ("key", "failures", "window_started_at", "locked_until")
       SELECT $2::text || ':' || $3::text || ':${seed}:' || "g", 5, ${windowStartedAt}, ${lockedUntil} FROM generate_series(1, $1::int) AS "g"`,
      [n, mark, variant],
    );
  await counter(half(gone), 'gone', 'unlocked', `now() - interval '2 hours'`, 'NULL');
  await counter(gone - half(gone), 'gone', 'lock-over', `now() - interval '2 hours'`, `now() - interval '1 hour'`);
  await counter(kept - half(kept), 'kept', 'locked', `now() - interval '2 hours'`, `now() + interval '1 hour'`);
  await counter(half(kept), 'kept', 'counting', 'now()', 'NULL');

  // Codes: gone = expired two hours ago; kept = live, or expired only half an hour ago (the hourly send limit still counts them).
  for (const [mark, n, expiresAt] of [['gone', gone, `now() - interval '2 hours'`], ['kept', kept - half(kept), `now() + interval '1 hour'`], ['kept', half(kept), `now() - interval '30 minutes'`]] as const) {
    await run(
      `INSERT INTO "one_time_code" ("environment_id", "purpose", "destination", "code_hash", "max_attempts", "expires_at", "created_at")
       SELECT $3::uuid, 'email-login', ${unique}, ${hash}, 5, ${expiresAt}, ${expiresAt} - interval '5 minutes' FROM generate_series(1, $1::int) AS "g"`,
      [n, mark, environmentId],
    );
  }

  // Few rows by nature: two of each.
  for (const [mark, retiresAt] of [['gone', `now() - interval '2 days'`], ['kept', `now() - interval '1 hour'`], ['kept', 'NULL']] as const) {
    await run(
      `INSERT INTO "signing_key" ("kid", "alg", "public_jwk", "encrypted_private_key", "encryption_key_id", "activates_at", "deactivated_at", "retires_at")
       SELECT $1::text || '-' || gen_random_uuid(), 'ES256', '{}', 'sealed', 'test', now() - interval '30 days', now() - interval '3 days', ${retiresAt} FROM generate_series(1, 2)`,
      [mark],
    );
  }
  for (const [mark, n, age] of [['gone', gone, AUDIT_RETENTION_DAYS + 1], ['kept', kept, AUDIT_RETENTION_DAYS - 1]] as const) {
    await run(
      `INSERT INTO "audit_event" ("actor_type", "action", "outcome", "occurred_at") SELECT 'system', $2, 'success', now() - make_interval(days => $3::int) FROM generate_series(1, $1::int)`,
      [n, mark, age],
    );
  }

  return {
    account: counts,
    authorization_code: counts,
    login_transaction: counts,
    browser_session: counts,
    refresh_token_family: counts,
    refresh_token: { gone: 2 * gone, kept: 2 * kept },
    revocation_entry: counts,
    login_throttle: counts,
    saml_assertion_replay: counts,
    one_time_code: counts,
    custom_token_replay: counts,
    dpop_proof_jti: counts,
    mfa_challenge: counts,
    link_ticket: counts,
    device_registration: counts,
    signing_key: { gone: 2, kept: 4 },
    audit_event: counts,
  };
}

/** How many seeded rows of each mark are left, per table. */
export async function countMarks(dataSource: DataSource): Promise<MarkCounts> {
  const [row] = await dataSource.query(
    `SELECT ${CLEANED_TABLES.map((table) => `(SELECT json_build_object('gone', count(*) FILTER (WHERE ${MARK[table]} = 'gone'), 'kept', count(*) FILTER (WHERE ${MARK[table]} = 'kept')) FROM ${FROM[table] ?? `"${table}"`}) AS "${table}"`).join(', ')}`,
  );
  return row as MarkCounts;
}

/** Where each table's rows carry their mark. */
const MARK: Record<CleanedTable, string> = {
  account: `split_part("i"."provider_uid", '-', 1)`,
  authorization_code: `"client_id"`,
  login_transaction: `"request"->>'mark'`,
  browser_session: `split_part("cookie_hash", '-', 1)`,
  refresh_token_family: `"client_id"`,
  refresh_token: `"f"."client_id"`,
  revocation_entry: `split_part("value", '-', 1)`,
  login_throttle: `split_part("key", ':', 1)`,
  saml_assertion_replay: `split_part("assertion_id", '-', 1)`,
  one_time_code: `split_part("destination", '-', 1)`,
  custom_token_replay: `split_part("jti", '-', 1)`,
  dpop_proof_jti: `split_part("jti", '-', 1)`,
  mfa_challenge: `split_part("client_id", '-', 1)`,
  link_ticket: `split_part("ticket_hash", '-', 1)`,
  device_registration: `split_part("challenge", '-', 1)`,
  signing_key: `split_part("kid", '-', 1)`,
  audit_event: `"action"`,
};

const FROM: Partial<Record<CleanedTable, string>> = {
  account: `"account" "a" JOIN "identity" "i" ON "i"."account_id" = "a"."id"`,
  refresh_token: `"refresh_token" "t" JOIN "refresh_token_family" "f" ON "f"."id" = "t"."family_id"`,
};
