import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export interface LoginRow {
  environment_id: string;
  organization_id: string;
  client_id: string;
  identity_id: string | null;
  revoked_at: Date | null;
  disabled: boolean;
  /** A temporary (anonymous) account past its `expires_at`, not yet deleted by the cleanup. */
  expired: boolean;
}

/** The SQL behind a user access token at the account endpoints (docs/gateway.md#account-self-service). */
export class AccountLoginRepository {
  /** The token's login (its family, `sid`) with its account's state, in one statement; undefined when either is gone. */
  async find(db: Queryable, familyId: string, accountId: string): Promise<LoginRow | undefined> {
    const rows: LoginRow[] = await db.query(
      `SELECT "f"."environment_id", "e"."organization_id", "f"."client_id", "f"."identity_id", "f"."revoked_at", "a"."disabled",
              COALESCE("a"."expires_at" <= now(), false) AS "expired"
       FROM "refresh_token_family" "f"
       JOIN "account" "a" ON "a"."id" = "f"."account_id"
       JOIN "environment" "e" ON "e"."id" = "f"."environment_id"
       WHERE "f"."id" = $1 AND "f"."account_id" = $2`,
      [familyId, accountId],
    );
    return rows[0];
  }
}
