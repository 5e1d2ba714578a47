import { Injectable } from '@nestjs/common';
import { LoginThrottleEntity } from '@rapidauth/database';
import { DataSource, LessThan } from 'typeorm';
import { verifyAgainstNobody, verifyPassword } from '../password-hasher';

/** PRODUCT.md security defaults: 5 failures per identity in 15 min lock it for 15 min; IPs likewise, at a higher count. */
export interface LockoutPolicy {
  readonly windowSeconds: number;
  readonly lockSeconds: number;
  readonly identityFailures: number;
  /** Many users can share an address (offices, carrier NAT), so an IP tolerates more. */
  readonly ipFailures: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { windowSeconds: 900, lockSeconds: 900, identityFailures: 5, ipFailures: 20 };

export const identityKey = (identityId: string) => `identity:${identityId}`;
export const ipKey = (environmentId: string, ip: string) => `ip:${environmentId}:${ip}`;

/**
 * Failed-login counters in the database, so every instance sees the same lock. Counting is one
 * atomic upsert per failure; a success clears the identity's counter.
 */
@Injectable()
export class LoginThrottle {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One password check behind the lockout: refused while the address or the subject is locked; a
   * failure counts against both; a success clears the subject's counter. An unknown subject (no
   * `subject`) costs a full verification, so it answers like a wrong password, in the same time.
   */
  async verify(
    input: {
      addressKey: string;
      subject?: { key: string; passwordHash: string | null };
      password: string;
      /** False: on success the caller clears the subject's counter itself (LocalIdentities does, with its last-login update). */
      clearOnSuccess?: boolean;
    },
    now: Date,
    policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ): Promise<{ lockedUntil: Date } | { valid: boolean }> {
    const { addressKey, subject } = input;
    const lockedUntil = await this.lockedUntil([addressKey, ...(subject ? [subject.key] : [])], now);
    if (lockedUntil) return { lockedUntil };
    const valid = subject?.passwordHash ? await verifyPassword(subject.passwordHash, input.password) : await verifyAgainstNobody(input.password);
    if (!valid) {
      await this.recordFailure(addressKey, policy.ipFailures, policy, now);
      if (subject) await this.recordFailure(subject.key, policy.identityFailures, policy, now);
      return { valid: false };
    }
    if (input.clearOnSuccess !== false) await this.clear(subject!.key);
    return { valid: true };
  }

  /** The latest lock among `keys` still in force at `now`, if any. */
  async lockedUntil(keys: string[], now: Date): Promise<Date | undefined> {
    const rows: { until: Date | null }[] = await this.dataSource.query(
      `SELECT max("locked_until") AS "until" FROM "login_throttle" WHERE "key" = ANY($1) AND "locked_until" > $2`,
      [keys, now],
    );
    return rows[0]?.until ?? undefined;
  }

  async recordFailure(key: string, threshold: number, policy: LockoutPolicy, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
    const lockUntil = new Date(now.getTime() + policy.lockSeconds * 1000);
    await this.dataSource.query(
      `INSERT INTO "login_throttle" ("key", "failures", "window_started_at", "locked_until")
       VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5::timestamptz ELSE NULL END)
       ON CONFLICT ("key") DO UPDATE SET
         "failures" = CASE WHEN "login_throttle"."window_started_at" <= $3 THEN 1 ELSE "login_throttle"."failures" + 1 END,
         "window_started_at" = CASE WHEN "login_throttle"."window_started_at" <= $3 THEN $2 ELSE "login_throttle"."window_started_at" END,
         "locked_until" = CASE
           WHEN (CASE WHEN "login_throttle"."window_started_at" <= $3 THEN 1 ELSE "login_throttle"."failures" + 1 END) >= $4 THEN $5::timestamptz
           ELSE "login_throttle"."locked_until" END`,
      [key, now, windowStart, threshold, lockUntil],
    );
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "login_throttle" WHERE "key" = $1`, [key]);
  }

  /** Drops counters whose window and lock are both over. */
  async deleteStale(now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): Promise<number> {
    const result = await this.dataSource.manager.delete(LoginThrottleEntity, {
      windowStartedAt: LessThan(new Date(now.getTime() - (policy.windowSeconds + policy.lockSeconds) * 1000)),
    });
    return result.affected ?? 0;
  }
}
