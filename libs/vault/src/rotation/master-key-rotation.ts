import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Vault, VaultOpenError } from '../vault';
import { SEALED_COLUMNS, type SealedColumn, type SealedKind } from './sealed-columns';
import { SealedValuesRepository, type SealedRow } from './sealed-values.repository';

/** Rows rewrapped per transaction: short locks, and progress kept if the run stops half-way. */
const BATCH_SIZE = 200;

export type SealedCounts = Record<SealedKind, number>;

export interface RotationResult {
  readonly currentKeyId: string;
  readonly rewrapped: SealedCounts;
  /** Values still sealed under another master key than the current one, by key id. */
  readonly remaining: Record<string, number>;
}

export interface MasterKeyUsage extends SealedCounts {
  readonly keyId: string;
  readonly current: boolean;
}

/**
 * Master-key rotation without downtime (docs/operations.md): rewraps every value sealed under a
 * previous master key (vault entries' data keys, auth services' secrets, signing keys, custom-token secrets, TOTP secrets, app signatures' OCRA keys) under the
 * current one, in batches. Idempotent: what is under the current key is never selected, and two
 * instances rotating at once skip each other's locked rows. A value that does not open under its
 * key is left as it is (logged by id, counted in `remaining`).
 */
@Injectable()
export class MasterKeyRotation {
  private readonly logger = new Logger(MasterKeyRotation.name);

  constructor(
    private readonly vault: Vault,
    private readonly dataSource: DataSource,
    private readonly repository: SealedValuesRepository,
  ) {}

  async rotate(): Promise<RotationResult> {
    const previous = this.vault.keyIds.filter((keyId) => keyId !== this.vault.currentKeyId);
    const rewrapped = { vaultEntries: 0, authServices: 0, signingKeys: 0, identitySettings: 0, mfaFactors: 0, appSignatures: 0 };
    for (const column of SEALED_COLUMNS) {
      if (previous.length > 0) rewrapped[column.kind] = await this.rewrapColumn(column, previous);
    }
    const remaining: Record<string, number> = {};
    for (const usage of (await this.usage()).keys) {
      const total = usage.vaultEntries + usage.authServices + usage.signingKeys + usage.identitySettings + usage.mfaFactors + usage.appSignatures;
      if (!usage.current && total > 0) remaining[usage.keyId] = total;
    }
    return { currentKeyId: this.vault.currentKeyId, rewrapped, remaining };
  }

  /**
   * What each master key seals: the configured keys (current first), then any key still sealing
   * something that is not configured (those values cannot be opened until it is).
   */
  async usage(): Promise<{ currentKeyId: string; keys: MasterKeyUsage[] }> {
    const counts = new Map<SealedKind, Map<string, number>>();
    for (const column of SEALED_COLUMNS) counts.set(column.kind, await this.repository.countByKey(column));
    const configured = [this.vault.currentKeyId, ...this.vault.keyIds.filter((keyId) => keyId !== this.vault.currentKeyId)];
    const unconfigured = [...new Set([...counts.values()].flatMap((byKey) => [...byKey.keys()]))].filter((keyId) => !configured.includes(keyId)).sort();
    const countOf = (kind: SealedKind, keyId: string) => counts.get(kind)?.get(keyId) ?? 0;
    const keys = [...configured, ...unconfigured].map((keyId) => ({
      keyId,
      current: keyId === this.vault.currentKeyId,
      vaultEntries: countOf('vaultEntries', keyId),
      authServices: countOf('authServices', keyId),
      signingKeys: countOf('signingKeys', keyId),
      identitySettings: countOf('identitySettings', keyId),
      mfaFactors: countOf('mfaFactors', keyId),
      appSignatures: countOf('appSignatures', keyId),
    }));
    return { currentKeyId: this.vault.currentKeyId, keys };
  }

  private async rewrapColumn(column: SealedColumn, keyIds: readonly string[]): Promise<number> {
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const { rows, rewrapped } = await this.dataSource.transaction(async (manager) => {
        const batch = await this.repository.lockBatch(manager, column, keyIds, after, BATCH_SIZE);
        let count = 0;
        for (const row of batch) {
          const sealed = this.rewrap(column, row);
          if (sealed === undefined) continue;
          await this.repository.replace(manager, column, row.id, sealed, this.vault.currentKeyId);
          count += 1;
        }
        return { rows: batch, rewrapped: count };
      });
      total += rewrapped;
      if (rows.length < BATCH_SIZE) return total;
      after = rows[rows.length - 1].id;
    }
  }

  private rewrap(column: SealedColumn, row: SealedRow): string | undefined {
    try {
      return this.vault.rewrap(row.sealed, column.purpose(row.id));
    } catch (error) {
      if (!(error instanceof VaultOpenError)) throw error;
      this.logger.warn(`${column.table} ${row.id} does not open under its master key and stays as it is: ${error.message}`);
      return undefined;
    }
  }
}
