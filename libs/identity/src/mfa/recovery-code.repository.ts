import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** The SQL of `recovery_code` (docs/security.md#second-factor). */
export class RecoveryCodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Replaces every code of the account (used or not) with the given hashes. */
  async replace(db: Queryable, accountId: string, hashes: readonly string[], now: Date): Promise<void> {
    await this.deleteAll(db, accountId);
    await db.query(
      `INSERT INTO "recovery_code" ("account_id", "code_hash", "created_at") SELECT $1, "hash", $3 FROM unnest($2::text[]) AS "hash"`,
      [accountId, hashes, now],
    );
  }

  async deleteAll(db: Queryable, accountId: string): Promise<void> {
    await db.query(`DELETE FROM "recovery_code" WHERE "account_id" = $1`, [accountId]);
  }

  async unused(accountId: string): Promise<{ id: string; code_hash: string }[]> {
    return this.dataSource.query(`SELECT "id", "code_hash" FROM "recovery_code" WHERE "account_id" = $1 AND "used_at" IS NULL`, [accountId]);
  }

  async countUnused(accountId: string): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS "count" FROM "recovery_code" WHERE "account_id" = $1 AND "used_at" IS NULL`,
      [accountId],
    );
    return row.count;
  }

  /** Spends the code; only the first of concurrent calls gets true. */
  async use(id: string, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE "recovery_code" SET "used_at" = $2 WHERE "id" = $1 AND "used_at" IS NULL RETURNING "id"`,
      [id, now],
    );
    return rows.length === 1;
  }
}
