import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { TOKEN_ACCEPTANCE_SECONDS } from '../tokens/token-lifetime';

/**
 * Logins that can no longer matter: their refresh tokens stopped at `absolute_expires_at` or
 * `revoked_at`, and the last access token carrying their `sid` is accepted at most
 * TOKEN_ACCEPTANCE_SECONDS after it was issued, so past that nothing refers to the family.
 * Deleting it deletes its refresh tokens and vault entry (ON DELETE CASCADE). Rotated tokens
 * of a live family stay: reuse detection needs them (RFC 9700 §4.14.2).
 */
@Injectable()
export class RefreshFamilyExpiry {
  constructor(private readonly dataSource: DataSource) {}

  /** Deletes one batch of families whose absolute lifetime ended long enough before `now`; returns how many. */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'refresh_token_family', where: '"absolute_expires_at" < $1', orderBy: '"absolute_expires_at"', params: [outlived(now)] },
      batchSize,
    );
  }

  /** Deletes one batch of families revoked long enough before `now`; returns how many. */
  deleteRevoked(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'refresh_token_family', where: '"revoked_at" < $1', orderBy: '"revoked_at"', params: [outlived(now)] },
      batchSize,
    );
  }
}

function outlived(now: Date): Date {
  return new Date(now.getTime() - TOKEN_ACCEPTANCE_SECONDS * 1000);
}
