import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** The PIN settings of a device client's app signature (its defaults once the signature is gone). */
export interface PinPolicy {
  readonly maxAttempts: number;
  readonly minLength: number;
}

/** A profile as its device client lists it. */
export interface ProfileRow {
  id: string;
  account_id: string;
  created_at: Date;
  pin_set: boolean;
  biometric_set: boolean;
  last_used_at: Date | null;
}

/** A profile's current refresh token, locked, with what the profile endpoints judge it by. */
export interface LockedProfile {
  familyId: string;
  tokenHash: string;
  dpopJkt: string | null;
  pinHash: string | null;
}

/** The SQL of device user profiles: their PINs, attempt counters and biometric keys (docs/gateway.md#device-profiles). */
@Injectable()
export class ProfileRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async policy(manager: EntityManager, appSignatureId: string | null, defaults: PinPolicy): Promise<PinPolicy> {
    if (!appSignatureId) return defaults;
    const rows: { pin_max_attempts: number; pin_min_length: number }[] = await manager.query(
      `SELECT "pin_max_attempts", "pin_min_length" FROM "app_signature" WHERE "id" = $1`,
      [appSignatureId],
    );
    return rows[0] ? { maxAttempts: rows[0].pin_max_attempts, minLength: rows[0].pin_min_length } : defaults;
  }

  async pinOf(manager: EntityManager, familyId: string): Promise<{ pinHash: string; failedAttempts: number } | undefined> {
    const rows: { pin_hash: string; failed_attempts: number }[] = await manager.query(`SELECT "pin_hash", "failed_attempts" FROM "profile_pin" WHERE "family_id" = $1`, [familyId]);
    return rows[0] && { pinHash: rows[0].pin_hash, failedAttempts: rows[0].failed_attempts };
  }

  /** One more wrong attempt, never past `max`: the count now, or undefined when it was at `max` already. */
  async countFailure(manager: EntityManager, familyId: string, max: number): Promise<number | undefined> {
    const [rows]: [{ failed_attempts: number }[], number] = await manager.query(
      `UPDATE "profile_pin" SET "failed_attempts" = "failed_attempts" + 1 WHERE "family_id" = $1 AND "failed_attempts" < $2 RETURNING "failed_attempts"`,
      [familyId, max],
    );
    return rows[0]?.failed_attempts;
  }

  /** Back to no wrong attempts, unless the count reached `max` meanwhile (then the profile is spent: false). */
  async resetFailures(manager: EntityManager, familyId: string, max: number): Promise<boolean> {
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE "profile_pin" SET "failed_attempts" = 0 WHERE "family_id" = $1 AND "failed_attempts" < $2`,
      [familyId, max],
    );
    return affected === 1;
  }

  async savePin(manager: EntityManager, familyId: string, pinHash: string): Promise<void> {
    await manager.query(
      `INSERT INTO "profile_pin" ("family_id", "pin_hash", "failed_attempts", "updated_at") VALUES ($1, $2, 0, now())
       ON CONFLICT ("family_id") DO UPDATE SET "pin_hash" = EXCLUDED."pin_hash", "failed_attempts" = 0, "updated_at" = now()`,
      [familyId, pinHash],
    );
  }

  async saveBiometricKey(manager: EntityManager, familyId: string, jwk: Record<string, string>, jkt: string): Promise<void> {
    await manager.query(
      `INSERT INTO "profile_biometric_key" ("family_id", "jwk", "jkt", "updated_at") VALUES ($1, $2, $3, now())
       ON CONFLICT ("family_id") DO UPDATE SET "jwk" = EXCLUDED."jwk", "jkt" = EXCLUDED."jkt", "updated_at" = now()`,
      [familyId, JSON.stringify(jwk), jkt],
    );
  }

  async biometricKey(familyId: string): Promise<Record<string, string> | undefined> {
    const rows: { jwk: Record<string, string> }[] = await this.dataSource.query(`SELECT "jwk" FROM "profile_biometric_key" WHERE "family_id" = $1`, [familyId]);
    return rows[0]?.jwk;
  }

  /** The PIN and biometric key of a deregistered profile. */
  async forget(manager: EntityManager, familyId: string): Promise<void> {
    await manager.query(`DELETE FROM "profile_pin" WHERE "family_id" = $1`, [familyId]);
    await manager.query(`DELETE FROM "profile_biometric_key" WHERE "family_id" = $1`, [familyId]);
  }

  /** The client's live profiles (families neither revoked nor expired), oldest first. */
  list(clientId: string, now: Date): Promise<ProfileRow[]> {
    return this.dataSource.query(
      `SELECT "f"."id", "f"."account_id", "f"."created_at",
         EXISTS (SELECT 1 FROM "profile_pin" "p" WHERE "p"."family_id" = "f"."id") AS "pin_set",
         EXISTS (SELECT 1 FROM "profile_biometric_key" "k" WHERE "k"."family_id" = "f"."id") AS "biometric_set",
         (SELECT max("t"."created_at") FROM "refresh_token" "t" WHERE "t"."family_id" = "f"."id") AS "last_used_at"
       FROM "refresh_token_family" "f"
       WHERE "f"."client_id" = $1 AND "f"."revoked_at" IS NULL AND "f"."absolute_expires_at" > $2
       ORDER BY "f"."created_at", "f"."id"`,
      [clientId, now],
    );
  }

  /**
   * The live profile of the client, its family row locked so that two deregistrations of one
   * profile take turns (the second finds it revoked): the account it belongs to.
   */
  async lockLive(manager: EntityManager, clientId: string, familyId: string, now: Date): Promise<{ accountId: string } | undefined> {
    const rows: { account_id: string }[] = await manager.query(
      `SELECT "account_id" FROM "refresh_token_family"
       WHERE "id" = $1 AND "client_id" = $2 AND "revoked_at" IS NULL AND "absolute_expires_at" > $3
       FOR UPDATE`,
      [familyId, clientId, now],
    );
    return rows[0] && { accountId: rows[0].account_id };
  }

  /**
   * The live profile of the client, its current (unspent, unexpired) refresh token locked like a
   * rotation locks it, so PIN changes and refreshes of one profile take turns.
   */
  async lockCurrent(manager: EntityManager, clientId: string, familyId: string, now: Date): Promise<LockedProfile | undefined> {
    const rows: { token_hash: string; dpop_jkt: string | null; pin_hash: string | null }[] = await manager.query(
      `SELECT "t"."token_hash", "f"."dpop_jkt", "p"."pin_hash"
       FROM "refresh_token" "t"
       JOIN "refresh_token_family" "f" ON "f"."id" = "t"."family_id"
       LEFT JOIN "profile_pin" "p" ON "p"."family_id" = "f"."id"
       WHERE "f"."id" = $1 AND "f"."client_id" = $2 AND "f"."revoked_at" IS NULL AND "f"."absolute_expires_at" > $3
         AND "t"."rotated_at" IS NULL AND "t"."expires_at" > $3
       ORDER BY "t"."created_at" DESC LIMIT 1
       FOR UPDATE OF "t"`,
      [familyId, clientId, now],
    );
    return rows[0] && { familyId, tokenHash: rows[0].token_hash, dpopJkt: rows[0].dpop_jkt, pinHash: rows[0].pin_hash };
  }
}
