import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export interface FactorRow {
  id: string;
  secret_sealed: string;
  confirmed_at: Date | null;
  last_used_step: string | null;
}

/** The SQL of `mfa_factor` (docs/security.md#second-factor); one TOTP factor per account. */
export class MfaFactorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a new unconfirmed factor, replacing an unconfirmed one, in one statement; false (and
   * nothing changed) when the account's factor is confirmed.
   */
  async putUnconfirmed(row: { id: string; accountId: string; environmentId: string; secretSealed: string; now: Date }): Promise<boolean> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO "mfa_factor" ("id", "account_id", "environment_id", "type", "secret_sealed", "created_at", "updated_at")
       VALUES ($1, $2, $3, 'totp', $4, $5, $5)
       ON CONFLICT ("account_id", "type") DO UPDATE
         SET "id" = EXCLUDED."id", "secret_sealed" = EXCLUDED."secret_sealed", "last_used_step" = NULL, "created_at" = EXCLUDED."created_at", "updated_at" = EXCLUDED."updated_at"
         WHERE "mfa_factor"."confirmed_at" IS NULL
       RETURNING "id"`,
      [row.id, row.accountId, row.environmentId, row.secretSealed, row.now],
    );
    return rows.length === 1;
  }

  async find(accountId: string): Promise<FactorRow | undefined> {
    const rows: FactorRow[] = await this.dataSource.query(
      `SELECT "id", "secret_sealed", "confirmed_at", "last_used_step" FROM "mfa_factor" WHERE "account_id" = $1 AND "type" = 'totp'`,
      [accountId],
    );
    return rows[0];
  }

  /** Whether the account has a confirmed factor, on `db` (a login's transaction sees its own writes). */
  async hasConfirmed(db: Queryable, accountId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM "mfa_factor" WHERE "account_id" = $1 AND "type" = 'totp' AND "confirmed_at" IS NOT NULL`, [accountId]);
    return rows.length === 1;
  }

  /**
   * Whether the account has a confirmed factor, locking it for the transaction: a removal waits
   * until the transaction ends, and the transaction waits for a removal under way.
   */
  async lockConfirmed(manager: EntityManager, accountId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT "id" FROM "mfa_factor" WHERE "account_id" = $1 AND "type" = 'totp' AND "confirmed_at" IS NOT NULL FOR UPDATE`,
      [accountId],
    );
    return rows.length === 1;
  }

  /** Confirms the factor with the step of its first code; only the first of concurrent calls wins. */
  async confirm(manager: EntityManager, id: string, step: number, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await manager.query(
      `UPDATE "mfa_factor" SET "confirmed_at" = $3, "last_used_step" = $2, "updated_at" = $3 WHERE "id" = $1 AND "confirmed_at" IS NULL RETURNING "id"`,
      [id, step, now],
    );
    return rows.length === 1;
  }

  /**
   * Records `step` as used if it is after the last used one, in the statement that checks it:
   * concurrent uses of one code queue on the row and only the first finds the step still unused.
   */
  async useStep(id: string, step: number, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE "mfa_factor" SET "last_used_step" = $2, "updated_at" = $3
       WHERE "id" = $1 AND "confirmed_at" IS NOT NULL AND ("last_used_step" IS NULL OR "last_used_step" < $2)
       RETURNING "id"`,
      [id, step, now],
    );
    return rows.length === 1;
  }

  async delete(db: Queryable, accountId: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await db.query(`DELETE FROM "mfa_factor" WHERE "account_id" = $1 RETURNING "id"`, [accountId]);
    return rows.length > 0;
  }
}
