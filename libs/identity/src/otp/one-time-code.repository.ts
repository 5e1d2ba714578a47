import { deleteExpiredBatch } from '@rapidauth/database';
import type { DataSource, EntityManager } from 'typeorm';

/** Where codes are sent, and what for: the key of the resend wait, the hourly limit and the live code. */
export interface CodeDestination {
  readonly environmentId: string;
  readonly purpose: string;
  readonly destination: string;
}

/** A new row, its hash computed by the caller from its id. */
export interface NewCodeRow extends CodeDestination {
  readonly id: string;
  readonly codeHash: string;
  readonly maxAttempts: number;
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly accountId: string | null;
  readonly identityId: string | null;
  readonly payload: Record<string, unknown> | null;
}

/** A live code whose attempt was just counted. */
export interface CountedCodeRow {
  id: string;
  account_id: string | null;
  code_hash: string;
  attempts: number;
  max_attempts: number;
}

export interface ConsumedCodeRow {
  id: string;
  account_id: string | null;
  identity_id: string | null;
  payload: Record<string, unknown> | null;
  created_at: Date;
}

/** Separates the advisory locks of one-time codes from every other use of the two-key form. */
const DESTINATION_LOCK_CLASS = 0x0710_c0de;

/**
 * The codes are kept an hour past their expiry: every code created in the last hour expires after
 * it was created, so the hourly send limit still counts it.
 */
const KEPT_AFTER_EXPIRY_MS = 3_600_000;

const WHERE_DESTINATION = `"environment_id" = $1 AND "purpose" = $2 AND "destination" = $3`;
const destinationParams = (to: CodeDestination) => [to.environmentId, to.purpose, to.destination];

/** The SQL of `one_time_code` (docs/security.md#one-time-codes). */
export class OneTimeCodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction holding the destination's advisory lock, so sends to one
   * destination are decided one at a time on every instance (PostgreSQL and PGlite alike);
   * other destinations are not held up.
   */
  withDestinationLock<T>(to: CodeDestination, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [
        DESTINATION_LOCK_CLASS,
        `${to.environmentId} ${to.purpose} ${to.destination}`,
      ]);
      return work(manager);
    });
  }

  /** When the latest `limit` codes to the destination created after `since` were sent, newest first. */
  async sentSince(manager: EntityManager, to: CodeDestination, since: Date, limit: number): Promise<Date[]> {
    const rows: { created_at: Date }[] = await manager.query(
      `SELECT "created_at" FROM "one_time_code" WHERE ${WHERE_DESTINATION} AND "created_at" > $4 ORDER BY "created_at" DESC LIMIT $5`,
      [...destinationParams(to), since, limit],
    );
    return rows.map((row) => row.created_at);
  }

  /** Spends every code to the destination still unspent: a new code voids the last. */
  async voidLive(manager: EntityManager, to: CodeDestination, now: Date): Promise<void> {
    await manager.query(`UPDATE "one_time_code" SET "consumed_at" = $4 WHERE ${WHERE_DESTINATION} AND "consumed_at" IS NULL`, [...destinationParams(to), now]);
  }

  async insert(manager: EntityManager, row: NewCodeRow): Promise<void> {
    await manager.query(
      `INSERT INTO "one_time_code" ("id", "environment_id", "purpose", "destination", "code_hash", "max_attempts", "expires_at", "created_at", "account_id", "identity_id", "payload")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        row.id,
        row.environmentId,
        row.purpose,
        row.destination,
        row.codeHash,
        row.maxAttempts,
        row.expiresAt,
        row.createdAt,
        row.accountId,
        row.identityId,
        row.payload === null ? null : JSON.stringify(row.payload),
      ],
    );
  }

  /**
   * Counts one guess at the destination's live code, in the statement that checks it is still
   * live: unspent, unexpired, with a guess left. Concurrent guesses queue on the row, each sees the
   * count the one before it left, so N guesses count N and none passes `max_attempts`.
   * Nothing, when there is no live code.
   */
  async countAttempt(to: CodeDestination, now: Date): Promise<CountedCodeRow | undefined> {
    const [rows]: [CountedCodeRow[], number] = await this.dataSource.query(
      `UPDATE "one_time_code" SET "attempts" = "attempts" + 1
       WHERE "id" = (SELECT "id" FROM "one_time_code" WHERE ${WHERE_DESTINATION} AND "consumed_at" IS NULL ORDER BY "created_at" DESC LIMIT 1)
         AND "attempts" < "max_attempts" AND "consumed_at" IS NULL AND "expires_at" > $4
       RETURNING "id", "account_id", "code_hash", "attempts", "max_attempts"`,
      [...destinationParams(to), now],
    );
    return rows[0];
  }

  /** The code, while unspent and unexpired; found by id, for its purpose only. */
  async findLive(id: string, purpose: string, now: Date): Promise<(ConsumedCodeRow & { environment_id: string; destination: string }) | undefined> {
    const rows: (ConsumedCodeRow & { environment_id: string; destination: string })[] = await this.dataSource.query(
      `SELECT "id", "environment_id", "destination", "account_id", "identity_id", "payload", "created_at" FROM "one_time_code"
       WHERE "id" = $1 AND "purpose" = $2 AND "consumed_at" IS NULL AND "expires_at" > $3`,
      [id, purpose, now],
    );
    return rows[0];
  }

  /** Spends the code; only the first of concurrent calls gets the row back. */
  async consume(id: string, now: Date): Promise<ConsumedCodeRow | undefined> {
    const [rows]: [ConsumedCodeRow[], number] = await this.dataSource.query(
      `UPDATE "one_time_code" SET "consumed_at" = $2 WHERE "id" = $1 AND "consumed_at" IS NULL
       RETURNING "id", "account_id", "identity_id", "payload", "created_at"`,
      [id, now],
    );
    return rows[0];
  }

  /** Deletes one batch of codes expired more than an hour before `now`; returns how many. */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'one_time_code', where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [new Date(now.getTime() - KEPT_AFTER_EXPIRY_MS)] },
      batchSize,
    );
  }
}
