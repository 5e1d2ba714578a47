import type { DataSource } from 'typeorm';

export interface AccountRow {
  id: string;
  created_at: Date;
  expires_at: Date | null;
}

export interface IdentityRow {
  id: string;
  provider: string;
  provider_uid: string;
  created_at: Date;
  email_verified: boolean;
  email_normalized: string | null;
  username_normalized: string | null;
}

/** The SQL of the account view (docs/gateway.md#account-self-service). */
export class AccountViewRepository {
  constructor(private readonly dataSource: DataSource) {}

  async account(accountId: string): Promise<AccountRow | undefined> {
    const rows: AccountRow[] = await this.dataSource.query(`SELECT "id", "created_at", "expires_at" FROM "account" WHERE "id" = $1`, [accountId]);
    return rows[0];
  }

  /** The account's identities, oldest first. */
  identities(accountId: string): Promise<IdentityRow[]> {
    return this.dataSource.query(
      `SELECT "id", "provider", "provider_uid", "created_at", "email_verified", "email_normalized", "username_normalized"
       FROM "identity" WHERE "account_id" = $1 ORDER BY "created_at", "id"`,
      [accountId],
    );
  }

  /** The display name of the environment's app. */
  async appName(environmentId: string): Promise<string | undefined> {
    const rows: { display_name: string }[] = await this.dataSource.query(
      `SELECT "app"."display_name" FROM "environment" JOIN "app" ON "app"."id" = "environment"."app_id" WHERE "environment"."id" = $1`,
      [environmentId],
    );
    return rows[0]?.display_name;
  }
}
