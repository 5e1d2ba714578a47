import { Injectable } from '@nestjs/common';
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

  /** Drops IDs whose assertions expired (no longer acceptable anyway); returns how many. */
  async deleteExpired(now: Date, batchSize = 1000): Promise<number> {
    const deleted: unknown[] = await this.dataSource.query(
      `WITH "expired" AS (
         DELETE FROM "saml_assertion_replay" WHERE ("service_id", "assertion_id") IN (
           SELECT "service_id", "assertion_id" FROM "saml_assertion_replay" WHERE "expires_at" <= $1 LIMIT $2)
         RETURNING 1)
       SELECT 1 FROM "expired"`,
      [now, batchSize],
    );
    return deleted.length;
  }
}
