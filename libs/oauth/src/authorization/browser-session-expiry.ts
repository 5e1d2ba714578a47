import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/**
 * Expired browser sessions: past `expires_at` the cookie signs nobody in. The logins made in one
 * keep their own lifetime (their family names the session without a foreign key).
 */
@Injectable()
export class BrowserSessionExpiry {
  constructor(private readonly dataSource: DataSource) {}

  /** Deletes one batch of sessions expired at `now`; returns how many. */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'browser_session', where: '"expires_at" < $1', orderBy: '"expires_at"', params: [now] },
      batchSize,
    );
  }
}
