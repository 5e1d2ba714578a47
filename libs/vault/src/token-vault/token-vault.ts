import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Vault } from '../vault';
import { openEnvelope, sealEnvelope } from './envelope';
import { deleteForFamiliesSql, moveToFamilySql, VaultEntriesRepository, type StoredEntry } from './vault-entries.repository';
import { parseTokens, serializeTokens, upstreamExpiry, type VaultTokens } from './vault-tokens';

/** A `vault_entry` row as read: its id (bound into both layers) and its two sealed columns. */
export type SealedVaultEntry = Pick<StoredEntry, 'id' | 'wrappedKey' | 'ciphertext'>;

/**
 * The token vault: a login's upstream tokens, envelope-encrypted in `vault_entry` (see
 * sealEnvelope). It knows no connector and no protocol: tokens in, tokens out, by the code or
 * family they belong to. Values are never logged; errors name entries by id only.
 *
 * A sign-in writes against its authorization code (putForCode); the code exchange moves the entry
 * to the new family in its own statement (moveToFamilySql); a login without a code (the password
 * grant) writes to its family directly (putForFamily). Revoking or deleting the family deletes the entry.
 */
@Injectable()
export class TokenVault {
  /** See moveToFamilySql: the move, for the statement that redeems the code. */
  static readonly moveToFamilySql = moveToFamilySql;
  /** See deleteForFamiliesSql: the deletion, for the statement that revokes families. */
  static readonly deleteForFamiliesSql = deleteForFamiliesSql;

  constructor(
    private readonly vault: Vault,
    private readonly entries: VaultEntriesRepository,
  ) {}

  /** Keeps `tokens` for the login behind authorization code `codeId` until its exchange. */
  async putForCode(manager: EntityManager, codeId: string, tokens: VaultTokens): Promise<void> {
    await this.entries.insertForCode(manager, codeId, this.seal(tokens));
  }

  /** Keeps `tokens` for the family's login, replacing what it held. */
  async putForFamily(manager: EntityManager, familyId: string, tokens: VaultTokens): Promise<void> {
    await this.entries.upsertForFamily(manager, familyId, this.seal(tokens));
  }

  /**
   * The family's tokens; undefined when it has none.
   * @throws VaultOpenError when the entry does not open (damaged, or its master key is not configured)
   */
  async get(familyId: string, manager?: EntityManager): Promise<VaultTokens | undefined> {
    const entry = await this.entries.findByFamily(familyId, manager);
    return entry ? this.open(entry) : undefined;
  }

  /**
   * The tokens of an entry its caller read itself (in a statement of its own that also needed the
   * entry's login, so one round trip serves both).
   * @throws VaultOpenError when the entry does not open
   */
  open(entry: SealedVaultEntry): VaultTokens {
    const plaintext = openEnvelope(this.vault, entry.id, entry);
    try {
      return parseTokens(plaintext);
    } finally {
      plaintext.fill(0);
    }
  }

  private seal(tokens: VaultTokens): StoredEntry {
    const id = randomUUID();
    const plaintext = serializeTokens(tokens);
    try {
      return { id, ...sealEnvelope(this.vault, id, plaintext), upstreamExpiresAt: upstreamExpiry(tokens) };
    } finally {
      plaintext.fill(0);
    }
  }
}
