import { Injectable } from '@nestjs/common';
import { VaultEntryEntity } from '@rapidauth/database';
import { DataSource, EntityManager } from 'typeorm';
import type { Envelope } from './envelope';

/** A sealed entry as the repository writes it. */
export interface StoredEntry extends Envelope {
  readonly id: string;
  readonly upstreamExpiresAt: Date | null;
  readonly earliestExpiresAt: Date | null;
}

/** What taking a family's refresh lease found: taken by us, held by another (or no longer due), or no entry to lease. */
export type LeaseAttempt = 'taken' | 'held' | 'none';

/** A live login whose entry's first token expires soon, as the background validation pages through them. */
export interface DueEntry {
  readonly familyId: string;
  readonly earliestExpiresAt: Date;
  readonly environmentId: string;
  readonly identityId: string | null;
  readonly authServiceId: string | null;
}

/** The SQL of `vault_entry`; the crypto stays in TokenVault. */
@Injectable()
export class VaultEntriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertForCode(manager: EntityManager, codeId: string, entry: StoredEntry): Promise<void> {
    await manager.insert(VaultEntryEntity, { ...entry, authorizationCodeId: codeId, familyId: null });
  }

  /**
   * The family's entry, replaced whole when it has one (an upstream refresh brings new tokens),
   * its refresh lease ended. Nothing is written for a revoked family: a refresh that finishes after
   * the revocation deleted the entry must not bring it back.
   */
  async upsertForFamily(manager: EntityManager, familyId: string, entry: StoredEntry): Promise<void> {
    await manager.query(
      `INSERT INTO "vault_entry" ("id", "family_id", "master_key_id", "wrapped_key", "ciphertext", "upstream_expires_at", "earliest_expires_at")
       SELECT $1::uuid, "family"."id", $3, $4, $5, $6::timestamptz, $7::timestamptz
       FROM "refresh_token_family" "family" WHERE "family"."id" = $2 AND "family"."revoked_at" IS NULL
       ON CONFLICT ("family_id") DO UPDATE SET "id" = EXCLUDED."id", "master_key_id" = EXCLUDED."master_key_id",
         "wrapped_key" = EXCLUDED."wrapped_key", "ciphertext" = EXCLUDED."ciphertext",
         "upstream_expires_at" = EXCLUDED."upstream_expires_at", "earliest_expires_at" = EXCLUDED."earliest_expires_at",
         "lease_holder" = NULL, "lease_expires_at" = NULL, "updated_at" = now()`,
      [entry.id, familyId, entry.masterKeyId, entry.wrappedKey, entry.ciphertext, entry.upstreamExpiresAt, entry.earliestExpiresAt],
    );
  }

  findByFamily(familyId: string, manager: EntityManager = this.dataSource.manager): Promise<VaultEntryEntity | null> {
    return manager.findOneBy(VaultEntryEntity, { familyId });
  }

  /**
   * Takes the family's refresh lease for `seconds` when nobody holds it (or the holder's lapsed),
   * in one conditional UPDATE: of two instances asking at once, one gets it. Database time rules,
   * the one clock every instance shares. With `dueBy`, only while the entry's first token expires
   * by then: an entry another instance refreshed a moment ago is not taken again.
   */
  async takeLease(familyId: string, holder: string, seconds: number, dueBy?: Date): Promise<LeaseAttempt> {
    const due = dueBy ? `AND "earliest_expires_at" <= $4` : '';
    const rows: { taken: boolean; present: boolean }[] = await this.dataSource.query(
      `WITH "taken" AS (
         UPDATE "vault_entry" SET "lease_holder" = $2, "lease_expires_at" = now() + $3::float8 * interval '1 second'
         WHERE "family_id" = $1 AND ("lease_expires_at" IS NULL OR "lease_expires_at" <= now()) ${due}
         RETURNING "id"
       )
       SELECT EXISTS (SELECT 1 FROM "taken") AS "taken", EXISTS (SELECT 1 FROM "vault_entry" WHERE "family_id" = $1) AS "present"`,
      dueBy ? [familyId, holder, seconds, dueBy] : [familyId, holder, seconds],
    );
    const [row] = rows;
    return row.taken ? 'taken' : row.present ? 'held' : 'none';
  }

  /**
   * Ends the lease `holder` took, if it still holds it (a lapsed lease may be another's now).
   * `nothingDue`: the upstream said it has nothing to refresh, so the validation stops picking the
   * entry until new tokens are written.
   */
  async releaseLease(familyId: string, holder: string, nothingDue: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE "vault_entry" SET "lease_holder" = NULL, "lease_expires_at" = NULL,
         "earliest_expires_at" = CASE WHEN $3::boolean THEN NULL ELSE "earliest_expires_at" END
       WHERE "family_id" = $1 AND "lease_holder" = $2`,
      [familyId, holder, nothingDue],
    );
  }

  /**
   * Up to `limit` entries of live logins (not revoked, not expired) whose first token expires by
   * `before` and that nobody holds a lease on, in (expiry, family) order after `after`: keyset
   * pages, so each entry is seen once per pass even when it stays due.
   */
  async findDue(before: Date, after: { earliestExpiresAt: Date; familyId: string } | undefined, limit: number): Promise<DueEntry[]> {
    const page = after ? `AND ("entry"."earliest_expires_at", "entry"."family_id") > ($3::timestamptz, $4::uuid)` : '';
    const rows: DueRow[] = await this.dataSource.query(
      `SELECT "entry"."family_id", "entry"."earliest_expires_at", "family"."environment_id", "family"."identity_id", "family"."auth_service_id"
       FROM "vault_entry" "entry"
       JOIN "refresh_token_family" "family" ON "family"."id" = "entry"."family_id"
       WHERE "entry"."earliest_expires_at" IS NOT NULL AND "entry"."family_id" IS NOT NULL AND "entry"."earliest_expires_at" <= $1 ${page}
         AND ("entry"."lease_expires_at" IS NULL OR "entry"."lease_expires_at" <= now())
         AND "family"."revoked_at" IS NULL AND "family"."absolute_expires_at" > now()
       ORDER BY "entry"."earliest_expires_at", "entry"."family_id"
       LIMIT $2`,
      after ? [before, limit, after.earliestExpiresAt, after.familyId] : [before, limit],
    );
    return rows.map((row) => ({
      familyId: row.family_id,
      earliestExpiresAt: row.earliest_expires_at,
      environmentId: row.environment_id,
      identityId: row.identity_id,
      authServiceId: row.auth_service_id,
    }));
  }
}

interface DueRow {
  family_id: string;
  earliest_expires_at: Date;
  environment_id: string;
  identity_id: string | null;
  auth_service_id: string | null;
}

/**
 * The move of a code's entry to a family as one UPDATE, to run inside the statement that redeems
 * the code (as a data-modifying CTE), so the entry changes hands exactly when the code does.
 * `codeId` and `familyId` are SQL expressions of that statement (its placeholders); `onlyIf` a
 * condition of it, such as "the code was claimed". The move clears the code: the entry then lives
 * and dies with the family alone, whatever becomes of the spent code's row.
 */
export function moveToFamilySql(codeId: string, familyId: string, onlyIf = 'TRUE'): string {
  return `UPDATE "vault_entry" SET "family_id" = ${familyId}, "authorization_code_id" = NULL, "updated_at" = now()
     WHERE "authorization_code_id" = ${codeId} AND ${onlyIf}`;
}

/**
 * The deletion of the entries of revoked families as one DELETE, to run inside the statement that
 * revokes them (as a data-modifying CTE): a revoked family's upstream tokens are of no more use.
 * `familyIds` is an SQL expression of that statement yielding the family ids (a sub-select).
 */
export function deleteForFamiliesSql(familyIds: string): string {
  return `DELETE FROM "vault_entry" WHERE "family_id" IN (${familyIds})`;
}
