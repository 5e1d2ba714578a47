import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/** Expired login transactions: past `expires_at` the login page and callbacks refuse them. */
@Injectable()
export class LoginTransactionExpiry {
  constructor(private readonly dataSource: DataSource) {}

  /** Deletes one batch of transactions expired at `now`; returns how many. */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'login_transaction', where: '"expires_at" < $1', orderBy: '"expires_at"', params: [now] },
      batchSize,
    );
  }
}
