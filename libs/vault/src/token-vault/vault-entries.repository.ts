import { Injectable } from '@nestjs/common';
import { VaultEntryEntity } from '@rapidauth/database';
import { DataSource, EntityManager } from 'typeorm';
import type { Envelope } from './envelope';

/** A sealed entry as the repository writes it. */
export interface StoredEntry extends Envelope {
  readonly id: string;
  readonly upstreamExpiresAt: Date | null;
}

/** The SQL of `vault_entry`; the crypto stays in TokenVault. */
@Injectable()
export class VaultEntriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertForCode(manager: EntityManager, codeId: string, entry: StoredEntry): Promise<void> {
    await manager.insert(VaultEntryEntity, { ...entry, authorizationCodeId: codeId, familyId: null });
  }

  /** The family's entry, replaced whole when it has one (an upstream refresh brings new tokens). */
  async upsertForFamily(manager: EntityManager, familyId: string, entry: StoredEntry): Promise<void> {
    await manager.query(
      `INSERT INTO "vault_entry" ("id", "family_id", "master_key_id", "wrapped_key", "ciphertext", "upstream_expires_at")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("family_id") DO UPDATE SET "id" = EXCLUDED."id", "master_key_id" = EXCLUDED."master_key_id",
         "wrapped_key" = EXCLUDED."wrapped_key", "ciphertext" = EXCLUDED."ciphertext",
         "upstream_expires_at" = EXCLUDED."upstream_expires_at", "updated_at" = now()`,
      [entry.id, familyId, entry.masterKeyId, entry.wrappedKey, entry.ciphertext, entry.upstreamExpiresAt],
    );
  }

  findByFamily(familyId: string, manager: EntityManager = this.dataSource.manager): Promise<VaultEntryEntity | null> {
    return manager.findOneBy(VaultEntryEntity, { familyId });
  }
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
