import type { DataSource, EntityManager } from 'typeorm';

/**
 * The rows of one table that can no longer matter, as the cleanup deletes them (docs/operations.md,
 * "Expiry cleanup"). Every part is SQL written by the repository that owns the table, never input.
 */
export interface ExpiredRows {
  readonly table: string;
  /** The condition, over `$1` … `$n` of `params`. */
  readonly where: string;
  /** The indexed expiry column the batch is taken in order of, so each batch is an index range scan. */
  readonly orderBy: string;
  readonly params: readonly unknown[];
}

/**
 * The statement that deletes one batch: the oldest `batchSize` expired rows that no other
 * transaction holds (`FOR UPDATE SKIP LOCKED`), so instances cleaning at once split the work
 * instead of waiting on each other, and a row in use is left for the next run.
 *
 * The locked rows are named by their `ctid`, collected into an array first: `WHERE "id" IN
 * (SELECT …)` lets the planner join the batch to the whole table, and with 100 000 rows it chose a
 * sequential scan of it (a hash semi-join); `ctid = ANY(ARRAY(…))` is always a TID scan of exactly
 * the locked rows, whose ctid cannot change while this statement holds their lock.
 */
function expiredBatchStatement(rows: ExpiredRows, batchSize: number): { sql: string; params: unknown[] } {
  const limit = `$${rows.params.length + 1}`;
  return {
    sql: `WITH "deleted" AS (
       DELETE FROM "${rows.table}" WHERE "ctid" = ANY(ARRAY(
         SELECT "ctid" FROM "${rows.table}" WHERE ${rows.where} ORDER BY ${rows.orderBy} LIMIT ${limit} FOR UPDATE SKIP LOCKED))
       RETURNING 1)
     SELECT count(*)::int AS "count" FROM "deleted"`,
    params: [...rows.params, batchSize],
  };
}

/** Deletes one batch in a statement of its own (its own short transaction); returns how many rows went. */
export async function deleteExpiredBatch(on: DataSource | EntityManager, rows: ExpiredRows, batchSize: number): Promise<number> {
  const { sql, params } = expiredBatchStatement(rows, batchSize);
  const [result]: { count: number }[] = await on.query(sql, params);
  return result.count;
}
