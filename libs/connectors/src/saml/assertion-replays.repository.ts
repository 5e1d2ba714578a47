import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/**
 * The SQL of `saml_assertion_replay`: the assertion IDs a service accepted, shared by every
 * instance. `claim` is one atomic statement, so of two instances racing with the same assertion
 * exactly one wins.
 */
@Injectable()
export class AssertionReplays {
  constructor(private readonly dataSource: DataSource) {}

  /** True when this is the first time `serviceId` accepts the assertion; false for a replay. */
  async claim(serviceId: string, assertionId: string, expiresAt: Date): Promise<boolean> {
    const claimed: unknown[] = await this.dataSource.query(
      `WITH "claimed" AS (
         INSERT INTO "saml_assertion_replay" ("service_id", "assertion_id", "expires_at") VALUES ($1, $2, $3)
         ON CONFLICT ("service_id", "assertion_id") DO NOTHING
         RETURNING "assertion_id")
       SELECT "assertion_id" FROM "claimed"`,
      [serviceId, assertionId, expiresAt],
    );
    return claimed.length === 1;
  }

  /** Deletes one batch of IDs whose assertions expired at `now` (no longer acceptable anyway); returns how many. */
  deleteExpired(now: Date, batchSize = 1000): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'saml_assertion_replay', where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [now] },
      batchSize,
    );
  }
}
