import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/**
 * The SQL of `custom_token_replay`: the `jti`s an environment accepted, shared by every instance.
 * `claim` is one atomic statement, so of two instances racing with the same token exactly one wins.
 */
@Injectable()
export class CustomTokenReplays {
  constructor(private readonly dataSource: DataSource) {}

  /** True when this is the first time `environmentId` accepts `jti`; false for a replay. */
  async claim(environmentId: string, jti: string, expiresAt: Date): Promise<boolean> {
    const claimed: unknown[] = await this.dataSource.query(
      `WITH "claimed" AS (
         INSERT INTO "custom_token_replay" ("environment_id", "jti", "expires_at") VALUES ($1, $2, $3)
         ON CONFLICT ("environment_id", "jti") DO NOTHING
         RETURNING "jti")
       SELECT "jti" FROM "claimed"`,
      [environmentId, jti, expiresAt],
    );
    return claimed.length === 1;
  }

  /** Deletes one batch of `jti`s whose tokens can no longer be accepted at `now`; returns how many. */
  deleteExpired(now: Date, batchSize = 1000): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'custom_token_replay', where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [now] },
      batchSize,
    );
  }
}
