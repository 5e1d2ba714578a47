import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Vault } from '../vault';
import { openEnvelope, sealEnvelope } from './envelope';
import { deleteForFamiliesSql, moveToFamilySql, VaultEntriesRepository, type DueEntry, type LeaseAttempt, type StoredEntry } from './vault-entries.repository';
import { earliestExpiry, parseTokens, serializeTokens, upstreamExpiry, type VaultTokens } from './vault-tokens';

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
 *
 * An upstream refresh of a family's tokens holds the entry's lease (takeLease): one instance at a
 * time, since upstreams rotate refresh tokens and a second use of the old one is refused. Writing
 * the new tokens ends it; so does releaseLease, and a holder that crashed has its lease lapse.
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

  /** Keeps `tokens` for the family's login, replacing what it held and ending its refresh lease; nothing once the family is revoked. */
  async putForFamily(manager: EntityManager, familyId: string, tokens: VaultTokens): Promise<void> {
    await this.entries.upsertForFamily(manager, familyId, this.seal(tokens));
  }

  /**
   * Takes the family's refresh lease for `seconds` as `holder` (a random id of the attempt), unless
   * another holds it; with `dueBy`, only while its first token expires by then.
   */
  takeLease(familyId: string, holder: string, seconds: number, dueBy?: Date): Promise<LeaseAttempt> {
    return this.entries.takeLease(familyId, holder, seconds, dueBy);
  }

  /** Ends `holder`'s lease without new tokens; `nothingDue` when the upstream had nothing to refresh. */
  releaseLease(familyId: string, holder: string, nothingDue = false): Promise<void> {
    return this.entries.releaseLease(familyId, holder, nothingDue);
  }

  /** Live logins whose first upstream token expires by `before` and that nobody is refreshing; see VaultEntriesRepository.findDue. */
  findDue(before: Date, after: Pick<DueEntry, 'earliestExpiresAt' | 'familyId'> | undefined, limit: number): Promise<DueEntry[]> {
    return this.entries.findDue(before, after, limit);
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
      return { id, ...sealEnvelope(this.vault, id, plaintext), upstreamExpiresAt: upstreamExpiry(tokens), earliestExpiresAt: earliestExpiry(tokens) };
    } finally {
      plaintext.fill(0);
    }
  }
}
