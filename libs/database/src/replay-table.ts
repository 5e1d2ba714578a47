import type { DataSource } from 'typeorm';
import { deleteExpiredBatch } from './expired-batch';

/** A table of single-use ids: its name and its two key columns (whose ids, which id). Names are ours, never input. */
export interface ReplayTableShape {
  readonly table: string;
  readonly scopeColumn: string;
  readonly idColumn: string;
}

/**
 * The ids a scope (a service, an environment) accepted once, shared by every instance until they
 * expire (`expires_at`). `claim` is one atomic statement, so of two instances racing with the same
 * id exactly one wins.
 */
export class ReplayTable {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shape: ReplayTableShape,
  ) {}

  /** True when this is the first time `scope` accepts `id`; false for a replay. */
  async claim(scope: string, id: string, expiresAt: Date): Promise<boolean> {
    const { table, scopeColumn, idColumn } = this.shape;
    const claimed: unknown[] = await this.dataSource.query(
      `WITH "claimed" AS (
         INSERT INTO "${table}" ("${scopeColumn}", "${idColumn}", "expires_at") VALUES ($1, $2, $3)
         ON CONFLICT ("${scopeColumn}", "${idColumn}") DO NOTHING
         RETURNING "${idColumn}")
       SELECT "${idColumn}" FROM "claimed"`,
      [scope, id, expiresAt],
    );
    return claimed.length === 1;
  }

  /** Deletes one batch of ids that expired at `now` (no longer acceptable anyway); returns how many. */
  deleteExpired(now: Date, batchSize = 1000): Promise<number> {
    return deleteExpiredBatch(this.dataSource, { table: this.shape.table, where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [now] }, batchSize);
  }
}
