import { deleteExpiredBatch } from '@rapidauth/database';
import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export interface NewChallengeRow {
  readonly tokenHash: string;
  readonly accountId: string;
  readonly environmentId: string;
  readonly clientId: string;
  readonly login: Record<string, unknown>;
  readonly expiresAt: Date;
  readonly now: Date;
}

export interface CountedChallengeRow {
  id: string;
  account_id: string;
  environment_id: string;
  client_id: string;
  attempts: number;
  login: Record<string, unknown>;
}

export interface LiveChallengeRow {
  account_id: string;
  environment_id: string;
  client_id: string;
  login: Record<string, unknown>;
}

/** The SQL of `mfa_challenge` (docs/security.md#second-factor). */
export class MfaChallengeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** On `db` when given: a login's transaction, so the challenge and the account it creates commit together. */
  async insert(row: NewChallengeRow, db: Queryable = this.dataSource): Promise<void> {
    await db.query(
      `INSERT INTO "mfa_challenge" ("token_hash", "account_id", "environment_id", "client_id", "login", "expires_at", "created_at") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.tokenHash, row.accountId, row.environmentId, row.clientId, JSON.stringify(row.login), row.expiresAt, row.now],
    );
  }

  /**
   * Counts one attempt at the live challenge in the statement that checks it is live: unspent,
   * unexpired, an attempt left. Concurrent attempts queue on the row, so N attempts count N and
   * none passes `maxAttempts`. Nothing, when there is no live challenge.
   */
  async countAttempt(tokenHash: string, maxAttempts: number, now: Date): Promise<CountedChallengeRow | undefined> {
    const [rows]: [CountedChallengeRow[], number] = await this.dataSource.query(
      `UPDATE "mfa_challenge" SET "attempts" = "attempts" + 1
       WHERE "token_hash" = $1 AND "consumed_at" IS NULL AND "expires_at" > $2 AND "attempts" < $3
       RETURNING "id", "account_id", "environment_id", "client_id", "attempts", "login"`,
      [tokenHash, now, maxAttempts],
    );
    return rows[0];
  }

  /** The live challenge (unspent, unexpired, an attempt left), read without counting an attempt. */
  async findLive(tokenHash: string, maxAttempts: number, now: Date): Promise<LiveChallengeRow | undefined> {
    const rows: LiveChallengeRow[] = await this.dataSource.query(
      `SELECT "account_id", "environment_id", "client_id", "login" FROM "mfa_challenge"
       WHERE "token_hash" = $1 AND "consumed_at" IS NULL AND "expires_at" > $2 AND "attempts" < $3`,
      [tokenHash, now, maxAttempts],
    );
    return rows[0];
  }

  /** Spends the challenge; only the first of concurrent calls gets its login back. */
  async consume(id: string, now: Date): Promise<Record<string, unknown> | undefined> {
    const [rows]: [{ login: Record<string, unknown> }[], number] = await this.dataSource.query(
      `UPDATE "mfa_challenge" SET "consumed_at" = $2 WHERE "id" = $1 AND "consumed_at" IS NULL RETURNING "login"`,
      [id, now],
    );
    return rows[0]?.login;
  }

  /** Deletes one batch of expired challenges; returns how many. */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(this.dataSource, { table: 'mfa_challenge', where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [now] }, batchSize);
  }
}
