import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch, RevocationEntryEntity, type RevocationKind } from '@rapidauth/database';
import { DataSource, EntityManager, MoreThan } from 'typeorm';

export const REVOCATION_CHANNEL = 'rapidauth_revocation';

export interface Revocation {
  kind: RevocationKind;
  value: string;
  /** When the last token it can match expires; the entry is useless (and dropped) after. */
  expiresAt: Date;
}

/** The notification payload announcing a revocation. */
export function serializeRevocation(revocation: Revocation): string {
  return JSON.stringify({ kind: revocation.kind, value: revocation.value, expiresAt: revocation.expiresAt.toISOString() });
}

/** Revocation entries: one row per revoked jti / family / grant / client / service, never per issued token. */
@Injectable()
export class RevocationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a revocation (keeping the later expiry if it exists) and announces it on the
   * notification channel; PostgreSQL delivers the NOTIFY when the transaction commits.
   */
  async record(revocation: Revocation, reason: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO "revocation_entry" ("kind", "value", "expires_at", "reason") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("kind", "value") DO UPDATE SET "expires_at" = GREATEST("revocation_entry"."expires_at", EXCLUDED."expires_at")`,
      [revocation.kind, revocation.value, revocation.expiresAt, reason],
    );
    await manager.query('SELECT pg_notify($1, $2)', [REVOCATION_CHANNEL, serializeRevocation(revocation)]);
  }

  recordAll(revocations: Revocation[], reason: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      for (const revocation of revocations) await this.record(revocation, reason, manager);
    });
  }

  findActive(now: Date): Promise<Revocation[]> {
    return this.dataSource.manager.find(RevocationEntryEntity, {
      select: { kind: true, value: true, expiresAt: true },
      where: { expiresAt: MoreThan(now) },
    });
  }

  /** Deletes one batch of entries whose tokens have all expired at `now` (docs/operations.md, "Expiry cleanup"); returns how many. */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'revocation_entry', where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [now] },
      batchSize,
    );
  }
}
