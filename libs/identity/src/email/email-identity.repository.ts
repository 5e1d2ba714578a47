import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** The identity provider of email identities; the providerUid is the normalised address. */
export const EMAIL_PROVIDER = 'email';

/** An email identity as the email flows read it. */
export interface EmailIdentityRow {
  readonly identityId: string;
  readonly accountId: string;
  readonly emailVerified: boolean;
  readonly createdAt: Date;
}

export interface NewEmailIdentity {
  readonly environmentId: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly profile: Record<string, unknown>;
  readonly now: Date;
}

interface IdentityColumns {
  id: string;
  account_id: string;
  email_verified: boolean;
  created_at: Date;
}

const asRow = (row: IdentityColumns): EmailIdentityRow => ({
  identityId: row.id,
  accountId: row.account_id,
  emailVerified: row.email_verified,
  createdAt: new Date(row.created_at),
});

const IDENTITY_COLUMNS = `"id", "account_id", "environment_id", "provider", "provider_uid", "email_normalized", "password_hash", "email_verified", "profile", "last_login_at"`;

/** The SQL of email identities (docs/gateway.md#email-login). */
export class EmailIdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A new identity with a new account, in one statement; nothing when the address is taken.
   * Concurrent sign-ups of one address queue on the identity's unique key: one inserts, the others
   * find the conflict (ON CONFLICT DO NOTHING) and insert no account either.
   */
  async insertWithAccount(identity: NewEmailIdentity): Promise<EmailIdentityRow | undefined> {
    const [row]: IdentityColumns[] = await this.dataSource.query(
      `WITH "new_identity" AS (
         INSERT INTO "identity" (${IDENTITY_COLUMNS})
         VALUES ($1, $2, $3, '${EMAIL_PROVIDER}', $4, $4, $5, false, $6, NULL)
         ON CONFLICT ("environment_id", "provider", "provider_uid") DO NOTHING
         RETURNING "id", "account_id", "email_verified", "created_at"),
       "new_account" AS (
         INSERT INTO "account" ("id", "environment_id") SELECT "account_id", $3 FROM "new_identity")
       SELECT * FROM "new_identity"`,
      [randomUUID(), randomUUID(), identity.environmentId, identity.email, identity.passwordHash, JSON.stringify(identity.profile)],
    );
    return row ? asRow(row) : undefined;
  }

  /** A new identity of an existing account of the environment; nothing when the address is taken or the account is gone. */
  async insertIntoAccount(identity: NewEmailIdentity, accountId: string): Promise<EmailIdentityRow | 'taken' | 'no-account'> {
    return this.dataSource.transaction(async (manager) => {
      const accounts: unknown[] = await manager.query(`SELECT "id" FROM "account" WHERE "id" = $1 AND "environment_id" = $2 FOR UPDATE`, [accountId, identity.environmentId]);
      if (accounts.length === 0) return 'no-account';
      const [row]: IdentityColumns[] = await manager.query(
        `INSERT INTO "identity" (${IDENTITY_COLUMNS})
         VALUES ($1, $2, $3, '${EMAIL_PROVIDER}', $4, $4, $5, false, $6, NULL)
         ON CONFLICT ("environment_id", "provider", "provider_uid") DO NOTHING
         RETURNING "id", "account_id", "email_verified", "created_at"`,
        [randomUUID(), accountId, identity.environmentId, identity.email, identity.passwordHash, JSON.stringify(identity.profile)],
      );
      return row ? asRow(row) : 'taken';
    });
  }

  /** An anonymous account that gained an identity is one no more: its anonymous identities and its expiry go. */
  async dropAnonymity(accountId: string, anonymousProvider: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM "identity" WHERE "account_id" = $1 AND "provider" = $2`, [accountId, anonymousProvider]);
      await manager.query(`UPDATE "account" SET "expires_at" = NULL, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $1`, [accountId]);
    });
  }

  /** Whether the account expires (an anonymous account does). */
  async accountExpires(accountId: string): Promise<boolean> {
    const [row]: { expires: boolean }[] = await this.dataSource.query(`SELECT "expires_at" IS NOT NULL AS "expires" FROM "account" WHERE "id" = $1`, [accountId]);
    return row?.expires ?? false;
  }

  async deleteIdentity(identityId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "identity" WHERE "id" = $1`, [identityId]);
  }

  /** Deletes an account created with its identity (its identities and codes go by cascade). */
  async deleteAccount(accountId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "account" WHERE "id" = $1`, [accountId]);
  }

  async find(environmentId: string, email: string, on: EntityManager = this.dataSource.manager): Promise<EmailIdentityRow | undefined> {
    const [row]: IdentityColumns[] = await on.query(
      `SELECT "id", "account_id", "email_verified", "created_at" FROM "identity"
       WHERE "environment_id" = $1 AND "provider" = '${EMAIL_PROVIDER}' AND "provider_uid" = $2`,
      [environmentId, email],
    );
    return row ? asRow(row) : undefined;
  }

  /** The account's email identities, the given one first, then the oldest. */
  async ofAccount(accountId: string, preferred: string | null): Promise<EmailIdentityRow[]> {
    const rows: IdentityColumns[] = await this.dataSource.query(
      `SELECT "id", "account_id", "email_verified", "created_at" FROM "identity"
       WHERE "account_id" = $1 AND "provider" = '${EMAIL_PROVIDER}'
       ORDER BY "id" = $2::uuid IS TRUE DESC, "created_at"`,
      [accountId, preferred],
    );
    return rows.map(asRow);
  }

  /** Marks the address verified; on `on` when given (a login's transaction). */
  async markVerified(identityId: string, on: EntityManager = this.dataSource.manager): Promise<void> {
    await on.query(`UPDATE "identity" SET "email_verified" = true, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $1 AND NOT "email_verified"`, [identityId]);
  }

  /** A code to the address proves it: the password changes and the address counts as verified. */
  async setPassword(identityId: string, passwordHash: string, verified: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE "identity" SET "password_hash" = $2, "email_verified" = "email_verified" OR $3, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $1`,
      [identityId, passwordHash, verified],
    );
  }

  /** Records a login of the identity and its account, on the login's transaction. */
  async recordLogin(on: EntityManager, identityId: string, accountId: string, now: Date): Promise<void> {
    await on.query(
      `WITH "seen" AS (UPDATE "identity" SET "last_login_at" = $1, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $2)
       UPDATE "account" SET "last_login_at" = $1, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $3`,
      [now, identityId, accountId],
    );
  }

  /** The account's state for a login: disabled, or past its expiry. */
  async accountState(on: EntityManager, accountId: string, now: Date): Promise<{ disabled: boolean; expired: boolean; expiresAt: Date | null } | undefined> {
    const [row]: { disabled: boolean; expired: boolean; expires_at: Date | null }[] = await on.query(
      `SELECT "disabled", COALESCE("expires_at" <= $2, false) AS "expired", "expires_at" FROM "account" WHERE "id" = $1`,
      [accountId, now],
    );
    return row ? { disabled: row.disabled, expired: row.expired, expiresAt: row.expires_at ? new Date(row.expires_at) : null } : undefined;
  }

  /** The name messages call the environment's app by. */
  async appName(environmentId: string): Promise<string | undefined> {
    const rows: { display_name: string }[] = await this.dataSource.query(
      `SELECT "app"."display_name" FROM "environment" JOIN "app" ON "app"."id" = "environment"."app_id" WHERE "environment"."id" = $1`,
      [environmentId],
    );
    return rows[0]?.display_name;
  }

  /** The account's logins not yet revoked. */
  async liveFamilies(accountId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT "id" FROM "refresh_token_family" WHERE "account_id" = $1 AND "revoked_at" IS NULL`, [accountId]);
    return rows.map((row) => row.id);
  }
}
