import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/** Expired authorization codes: past `expires_at` no exchange accepts them (RFC 6749 §4.1.2). */
@Injectable()
export class AuthorizationCodeExpiry {
  constructor(private readonly dataSource: DataSource) {}

  /** Deletes one batch of codes expired at `now` (with their unexchanged vault entries, by cascade); returns how many. */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'authorization_code', where: '"expires_at" < $1', orderBy: '"expires_at"', params: [now] },
      batchSize,
    );
  }
}
