import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { verifyAgainstNobody, verifyPassword } from '../password-hasher';
import { addressBucket } from './address-bucket';

/** docs/security.md#lockout: 5 failures per identity in 15 min lock it for 15 min; addresses likewise, at a higher count. */
export interface LockoutPolicy {
  readonly windowSeconds: number;
  readonly lockSeconds: number;
  readonly identityFailures: number;
  /** Many users can share an address (offices, carrier NAT), so an address tolerates more. */
  readonly ipFailures: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { windowSeconds: 900, lockSeconds: 900, identityFailures: 5, ipFailures: 20 };

/** The counters one attempt is held to: its client address (within a scope) and the subject it names. */
export interface ThrottleKeys {
  readonly address: string;
  readonly subject: string;
}

/** `scope` is an environment id, or `management` for admin users. IPv6 counts by /64. */
export const addressKey = (scope: string, ip: string) => `ip:${scope}:${addressBucket(ip)}`;
export const subjectKey = (kind: string, id: string) => `${kind}:${id}`;

/**
 * The key of a login that names nobody: derived from the scope and the normalized login, so
 * guesses at one unknown name lock it exactly as they would a known identity (no enumeration),
 * and hashed so what was typed as a login is not stored.
 */
export const unknownSubjectKey = (scope: string, normalizedLogin: string) =>
  `unknown:${createHash('sha256').update(`${scope}\0${normalizedLogin}`).digest('hex')}`;

/**
 * The key of a login at an upstream service (LDAP, AD, an adaptor): the gateway holds no identity
 * to name before the upstream answers, so the subject is the service and the normalized login,
 * hashed like unknownSubjectKey (what was typed is not stored).
 */
export const upstreamSubjectKey = (serviceId: string, normalizedLogin: string) =>
  `upstream:${createHash('sha256').update(`${serviceId}\0${normalizedLogin}`).digest('hex')}`;

/** An attempt allowed to check its password; `subjectSeen` is the subject's count including it. */
export interface Reservation {
  readonly keys: ThrottleKeys;
  readonly subjectSeen: number;
}

export type Verification = { readonly lockedUntil: Date } | { readonly valid: false } | { readonly valid: true; readonly reservation: Reservation };

interface CounterRow {
  address_failures: number;
  subject_key: string;
  address_locked_until: Date | null;
  subject_failures: number;
  subject_locked_until: Date | null;
}

/**
 * Failed-login counters in the database, so every instance sees the same lock. An attempt is
 * counted before its password is checked (one statement that counts it against the address and
 * the subject and answers whether either is over its limit), so parallel guesses cannot pass the
 * limit; a failure then costs no further statement.
 *
 * Rules, per counter: an attempt arriving when the count has reached the limit within the window
 * is refused and starts the lock; while locked, attempts are refused and not counted; a window or
 * a lock that is over starts the count afresh. A success gives back what it reserved: on the
 * subject, the count it saw at its reservation (the failures before it, and itself), never below 0,
 * so failures reserved by concurrent later attempts stay counted; on the address, only itself.
 * A lock stays only while the remaining count still reaches the limit.
 */
@Injectable()
export class LoginThrottle {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One password check behind the lockout. A subject without a password hash (unknown login, or
   * one without a password) costs a full verification against a throwaway hash and fails, so it
   * answers like a wrong password, in the same time and the same statements.
   */
  async verify(
    input: { keys: ThrottleKeys; passwordHash: string | null | undefined; password: string },
    now: Date,
    policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ): Promise<Verification> {
    return checkPassword(await this.reserve(input.keys, now, policy), input.passwordHash, input.password);
  }

  /**
   * verify, with the subject looked up by the statement that counts the attempt: counted under
   * the found row's `subject_key`, or under `keys.subject` when the lookup finds nothing.
   */
  async verifyLookedUp<Row extends FoundSubject>(
    lookup: SubjectLookup,
    input: { keys: ThrottleKeys; password: string },
    now: Date,
    policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ): Promise<{ found: Row | undefined; verification: Verification }> {
    const { found, reserved } = await this.count<Row>(input.keys, now, policy, lookup);
    return { found, verification: await checkPassword(reserved, found?.password_hash, input.password) };
  }

  /**
   * Counts an attempt against both keys at once. Refused when either counter is locked or at its
   * limit; the other counter's count, if it took one, is given back (a refused attempt checked no
   * password).
   */
  async reserve(keys: ThrottleKeys, now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): Promise<Reservation | { lockedUntil: Date }> {
    return (await this.count(keys, now, policy)).reserved;
  }

  private async count<Row extends FoundSubject>(
    keys: ThrottleKeys,
    now: Date,
    policy: LockoutPolicy,
    lookup: SubjectLookup = NOBODY,
  ): Promise<{ found: Row | undefined; reserved: Reservation | { lockedUntil: Date } }> {
    const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
    const lockUntil = new Date(now.getTime() + policy.lockSeconds * 1000);
    const [row]: (CounterRow & { found: Row | null })[] = await this.dataSource.query(
      `WITH "found" AS (${lookup.sql}),
            "address" AS (${countAttempt('$1', '$3')}),
            "subject" AS (${countAttempt(`COALESCE((SELECT "subject_key" FROM "found"), $2)`, '$4')})
       SELECT "address"."failures" AS "address_failures", "address"."locked_until" AS "address_locked_until",
              "subject"."key" AS "subject_key", "subject"."failures" AS "subject_failures", "subject"."locked_until" AS "subject_locked_until",
              (SELECT row_to_json("found") FROM "found") AS "found"
       FROM "address", "subject"`,
      [keys.address, keys.subject, policy.ipFailures, policy.identityFailures, now, windowStart, lockUntil, ...lookup.params],
    );
    const found = row.found ?? undefined;
    const counted: ThrottleKeys = { address: keys.address, subject: row.subject_key };
    const locks = [row.address_locked_until, row.subject_locked_until].filter((until): until is Date => until !== null);
    if (locks.length === 0) return { found, reserved: { keys: counted, subjectSeen: row.subject_failures } };
    await this.takeBack([...(row.address_locked_until ? [] : [counted.address]), ...(row.subject_locked_until ? [] : [counted.subject])]);
    return { found, reserved: { lockedUntil: new Date(Math.max(...locks.map((until) => until.getTime()))) } };
  }

  /**
   * The statement that gives back what a successful attempt reserved, to run alone or as a
   * data-modifying CTE beside the caller's own update (its parameters numbered from `$first`).
   */
  releaseStatement(reservation: Reservation, first = 1, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): { sql: string; params: unknown[] } {
    const p = (offset: number) => `$${first + offset}`;
    return {
      sql: `UPDATE "login_throttle" SET
              "failures" = GREATEST("login_throttle"."failures" - "given"."back", 0),
              "locked_until" = CASE WHEN "login_throttle"."failures" - "given"."back" >= "given"."limit" THEN "login_throttle"."locked_until" END
            FROM (VALUES (${p(0)}::varchar, 1, ${p(1)}::int), (${p(2)}::varchar, ${p(3)}::int, ${p(4)}::int)) AS "given" ("key", "back", "limit")
            WHERE "login_throttle"."key" = "given"."key"`,
      params: [reservation.keys.address, policy.ipFailures, reservation.keys.subject, reservation.subjectSeen, policy.identityFailures],
    };
  }

  async release(reservation: Reservation, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): Promise<void> {
    const { sql, params } = this.releaseStatement(reservation, 1, policy);
    await this.dataSource.query(sql, params);
  }

  /**
   * Gives back the attempt itself, and nothing more, when it never got an answer on its password
   * (an upstream that could not be reached): unlike release, failures before it stay counted.
   */
  async cancel(reservation: Reservation): Promise<void> {
    await this.takeBack([reservation.keys.address, reservation.keys.subject]);
  }

  private async takeBack(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(`UPDATE "login_throttle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ANY($1)`, [keys]);
  }

  /**
   * Deletes one batch of counters whose window and lock are both over at `now`; returns how many.
   * Such a counter would start afresh on the next attempt, so deleting it changes nothing.
   */
  deleteExpired(now: Date, batchSize: number, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): Promise<number> {
    const windowOver = new Date(now.getTime() - policy.windowSeconds * 1000);
    return deleteExpiredBatch(
      this.dataSource,
      {
        table: 'login_throttle',
        where: '"window_started_at" <= $1 AND ("locked_until" IS NULL OR "locked_until" <= $2)',
        orderBy: '"window_started_at"',
        params: [windowOver, now],
      },
      batchSize,
    );
  }
}

/**
 * A subject found in the statement that counts the attempt: `sql` selects at most one row, with
 * its key as `subject_key` (subjectKeySql) and whatever else the caller needs, its parameters
 * numbered from $8 (the counting uses $1-$7).
 */
export interface SubjectLookup {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** A looked-up subject's row: its counter key and the password hash to check. */
export interface FoundSubject {
  readonly subject_key: string;
  readonly password_hash: string | null;
}

const NOBODY: SubjectLookup = { sql: `SELECT NULL::varchar AS "subject_key" WHERE FALSE`, params: [] };

/** subjectKey in SQL, of a `kind` we write (never input) and an id column. */
export const subjectKeySql = (kind: string, idColumn: string) => `'${kind}:' || ${idColumn}`;

async function checkPassword(reserved: Reservation | { lockedUntil: Date }, passwordHash: string | null | undefined, password: string): Promise<Verification> {
  if ('lockedUntil' in reserved) return reserved;
  const valid = passwordHash ? await verifyPassword(passwordHash, password) : await verifyAgainstNobody(password);
  return valid ? { valid, reservation: reserved } : { valid };
}

/**
 * Counts one attempt against `key` (parameters: $5 now, $6 window start, $7 lock end) and returns
 * the counter: `locked_until` is set exactly when the attempt is refused.
 */
function countAttempt(key: string, limit: string): string {
  const locked = `"t"."locked_until" > $5`;
  const afresh = `("t"."locked_until" IS NOT NULL OR "t"."window_started_at" <= $6)`;
  return `INSERT INTO "login_throttle" AS "t" ("key", "failures", "window_started_at", "locked_until") VALUES (${key}, 1, $5, NULL)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN ${locked} THEN "t"."failures" WHEN ${afresh} THEN 1 WHEN "t"."failures" >= ${limit} THEN "t"."failures" ELSE "t"."failures" + 1 END,
      "window_started_at" = CASE WHEN ${locked} THEN "t"."window_started_at" WHEN ${afresh} THEN $5 ELSE "t"."window_started_at" END,
      "locked_until" = CASE WHEN ${locked} THEN "t"."locked_until" WHEN ${afresh} THEN NULL WHEN "t"."failures" >= ${limit} THEN $7::timestamptz ELSE NULL END
    RETURNING "key", "failures", "locked_until"`;
}
