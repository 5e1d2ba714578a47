import { deleteExpiredBatch } from '@rapidauth/database';
import type { DataSource } from 'typeorm';

/**
 * Accounts past their `expires_at` (anonymous logins), deleted by the expiry cleanup with what
 * cascades from them: identities, login families and their refresh tokens, codes, factors.
 */
export class AccountExpiry {
  constructor(private readonly dataSource: DataSource) {}

  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(this.dataSource, { table: 'account', where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [now] }, batchSize);
  }
}
