import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { randomToken, sha256 } from '../tokens/opaque-tokens';
import type { AccountLogin } from './account-login';

export const LINK_TICKET_SECONDS = 300;

/**
 * Link tickets (docs/gateway.md#linking-identities): a fresh login of an account asks for one, and
 * a connector login started with it (`link_ticket` at `/v3/oauth/auth`) binds its upstream identity
 * to that account. 256 random bits, only their SHA-256 stored; spent by one statement, so of
 * concurrent uses one wins; valid only in the environment of the login that asked for it.
 */
@Injectable()
export class LinkTickets {
  constructor(private readonly dataSource: DataSource) {}

  async issue(login: AccountLogin, now = new Date()): Promise<{ link_ticket: string; expires_in: number }> {
    const ticket = randomToken();
    await this.dataSource.query(`INSERT INTO "link_ticket" ("ticket_hash", "account_id", "environment_id", "expires_at") VALUES ($1, $2, $3, $4)`, [
      sha256(ticket),
      login.accountId,
      login.environmentId,
      new Date(now.getTime() + LINK_TICKET_SECONDS * 1000),
    ]);
    return { link_ticket: ticket, expires_in: LINK_TICKET_SECONDS };
  }

  /** Spends the ticket; the account it names, or undefined when it is unknown, spent, expired or another environment's. */
  async redeem(ticket: string, environmentId: string, now: Date): Promise<string | undefined> {
    const [rows]: [{ account_id: string }[], number] = await this.dataSource.query(
      `UPDATE "link_ticket" SET "consumed_at" = $3
       WHERE "ticket_hash" = $1 AND "environment_id" = $2 AND "consumed_at" IS NULL AND "expires_at" > $3
       RETURNING "account_id"`,
      [sha256(ticket), environmentId, now],
    );
    return rows[0]?.account_id;
  }

  /** Deletes one batch of expired tickets (spent or not: an expired one can never be used); returns how many. */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(this.dataSource, { table: 'link_ticket', where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [now] }, batchSize);
  }
}
