import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { IdentityError } from '../identity.errors';
import type { AuthenticatedIdentity } from '../local/local-identities';

/** An identity as a login finds or creates it: `(environment, provider, providerUid)` names it. */
export interface IdentityRow {
  readonly environmentId: string;
  /** An auth service id (upstream logins) or an own method (`anonymous`, `custom`). */
  readonly provider: string;
  readonly providerUid: string;
  readonly username: string | null;
  readonly email: string | null;
  /** Replaces the identity's profile on every login. */
  readonly profile: Record<string, unknown>;
}

/** The identity a login signed in, and when its account ends (null: never). */
export interface SignedInIdentity extends AuthenticatedIdentity {
  readonly accountExpiresAt: Date | null;
}

/** The auth state of a login's identity, as `/v3/auth/*` answers describe it. */
export interface IdentityState {
  readonly provider: string;
  readonly providerUid: string;
  readonly uid: string;
  /** When the identity (not the account) was created. */
  readonly createdAt: Date;
  readonly accountExpiresAt: Date | null;
  readonly displayName?: string;
  readonly emailVerified: boolean;
}

/**
 * The statements every login that finds or creates its account shares (upstream services, custom
 * tokens, anonymous logins). Concurrent first logins of one identity create one account: the
 * identity's unique key decides (INSERT … ON CONFLICT DO NOTHING), and its account is inserted by
 * the same statement only when the identity was. Run on a transaction's manager, the account is
 * created with what else the login writes, or not at all.
 */
export class AccountIdentities {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Finds or creates the identity and records the login; a new account gets `accountExpiresAt`.
   * @throws IdentityError ACCOUNT_DISABLED (also for an account past its expiry)
   */
  async signIn(row: IdentityRow, now: Date, options: { accountExpiresAt?: Date | null; on?: EntityManager } = {}): Promise<SignedInIdentity> {
    const on = options.on ?? this.dataSource.manager;
    const existing = await this.recordLogin(on, row, now);
    if (existing) return existing;
    const created = await this.create(on, row, now, options.accountExpiresAt ?? null);
    if (created) return created;
    // Another login created it meanwhile: ON CONFLICT waited for it to commit, so it is there now.
    const raced = await this.recordLogin(on, row, now);
    if (!raced) throw new Error(`identity of ${row.provider} in ${row.environmentId} neither created nor found`);
    return raced;
  }

  /**
   * Binds the identity to `accountId` (link) and records the login, in one transaction: a login
   * begun with a link ticket signs into the ticket's account through the identity it proved.
   * @throws IdentityError EXISTING_IDENTITY (another account's), ACCOUNT_DISABLED
   */
  signInLinked(row: IdentityRow, accountId: string, now: Date): Promise<SignedInIdentity> {
    return this.dataSource.transaction(async (on) => {
      await this.link(on, accountId, row);
      const signedIn = await this.recordLogin(on, row, now);
      if (!signedIn) throw new Error(`identity of ${row.provider} in ${row.environmentId} linked but not found`);
      return signedIn;
    });
  }

  /** A new identity and account, never an existing one (each anonymous login is a new account). */
  async create(on: EntityManager, row: IdentityRow, now: Date, accountExpiresAt: Date | null): Promise<SignedInIdentity | undefined> {
    const [created]: { id: string; account_id: string }[] = await on.query(
      `WITH "new_identity" AS (
         INSERT INTO "identity" ("id", "account_id", "environment_id", "provider", "provider_uid", "username_normalized", "email_normalized", "profile", "last_login_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT ("environment_id", "provider", "provider_uid") DO NOTHING
         RETURNING "id", "account_id"),
       "new_account" AS (
         INSERT INTO "account" ("id", "environment_id", "last_login_at", "expires_at") SELECT "account_id", $3, $9, $10 FROM "new_identity")
       SELECT "id", "account_id" FROM "new_identity"`,
      [randomUUID(), randomUUID(), row.environmentId, row.provider, row.providerUid, row.username, row.email, JSON.stringify(row.profile), now, accountExpiresAt],
    );
    return created ? { accountId: created.account_id, identityId: created.id, provider: row.provider, providerUid: row.providerUid, accountExpiresAt } : undefined;
  }

  /**
   * Binds the identity to `accountId` (docs/gateway.md#linking-identities): created on that account,
   * or found there already (`linked: false`, nothing changed). The identity's unique key decides
   * between concurrent links of one identity to two accounts: one inserts, the other finds it on
   * the winner's account. A permanent identity makes a temporary (anonymous) account permanent.
   * `emailVerified`: the proof was a code mailed to the identity's address, which it verifies, on
   * the account already or not.
   * @throws IdentityError EXISTING_IDENTITY when the identity belongs to another account
   */
  async link(on: EntityManager, accountId: string, row: IdentityRow, options: { emailVerified?: boolean } = {}): Promise<{ identityId: string; linked: boolean }> {
    const emailVerified = options.emailVerified ?? false;
    const [inserted]: { id: string }[] = await on.query(
      `INSERT INTO "identity" ("id", "account_id", "environment_id", "provider", "provider_uid", "username_normalized", "email_normalized", "profile", "email_verified")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT ("environment_id", "provider", "provider_uid") DO NOTHING
       RETURNING "id"`,
      [randomUUID(), accountId, row.environmentId, row.provider, row.providerUid, row.username, row.email, JSON.stringify(row.profile), emailVerified],
    );
    if (inserted) {
      await on.query(`UPDATE "account" SET "expires_at" = NULL, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $1 AND "expires_at" IS NOT NULL`, [accountId]);
      return { identityId: inserted.id, linked: true };
    }
    // ON CONFLICT waited for a concurrent insert to commit, so the identity it met is there to read.
    const [existing]: { id: string; account_id: string }[] = await on.query(
      `SELECT "id", "account_id" FROM "identity" WHERE "environment_id" = $1 AND "provider" = $2 AND "provider_uid" = $3`,
      [row.environmentId, row.provider, row.providerUid],
    );
    if (!existing || existing.account_id !== accountId) throw new IdentityError('EXISTING_IDENTITY', 'this identity is already bound to another account');
    if (emailVerified) {
      await on.query(`UPDATE "identity" SET "email_verified" = true, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $1 AND NOT "email_verified"`, [existing.id]);
    }
    return { identityId: existing.id, linked: false };
  }

  /** What a login answers of its identity and account; undefined when the identity is gone. */
  async stateOf(identityId: string): Promise<IdentityState | undefined> {
    const [found]: { provider: string; provider_uid: string; account_id: string; created_at: Date; expires_at: Date | null; display_name: unknown; email_verified: boolean }[] =
      await this.dataSource.query(
        `SELECT "identity"."provider", "identity"."provider_uid", "identity"."account_id", "identity"."created_at",
                "account"."expires_at", "identity"."profile"->'displayName' AS "display_name", "identity"."email_verified"
         FROM "identity" JOIN "account" ON "account"."id" = "identity"."account_id" WHERE "identity"."id" = $1`,
        [identityId],
      );
    if (!found) return undefined;
    return {
      provider: found.provider,
      providerUid: found.provider_uid,
      uid: found.account_id,
      createdAt: new Date(found.created_at),
      accountExpiresAt: found.expires_at ? new Date(found.expires_at) : null,
      emailVerified: found.email_verified,
      ...(typeof found.display_name === 'string' && { displayName: found.display_name }),
    };
  }

  /**
   * The identity a login waiting for its second factor named, if it is still the account's and
   * the account may still sign in (not disabled, not expired), share-locked on `on` so a removal
   * waits for the login to finish; undefined otherwise.
   */
  async stillSignedIn(on: EntityManager, accountId: string, identityId: string, now: Date): Promise<{ accountExpiresAt: Date | null } | undefined> {
    const [found]: { expires_at: Date | null }[] = await on.query(
      `SELECT "account"."expires_at" FROM "identity" JOIN "account" ON "account"."id" = "identity"."account_id"
       WHERE "identity"."id" = $1 AND "identity"."account_id" = $2 AND NOT "account"."disabled" AND ("account"."expires_at" IS NULL OR "account"."expires_at" > $3)
       FOR SHARE`,
      [identityId, accountId, now],
    );
    return found ? { accountExpiresAt: found.expires_at ? new Date(found.expires_at) : null } : undefined;
  }

  /**
   * The known identity, its profile replaced and the login recorded, in one statement; nothing is
   * recorded for a disabled or expired account.
   */
  private async recordLogin(on: EntityManager, row: IdentityRow, now: Date): Promise<SignedInIdentity | undefined> {
    const [found]: { id: string; account_id: string; disabled: boolean; expires_at: Date | null; expired: boolean }[] = await on.query(
      `WITH "found" AS (
         SELECT "identity"."id", "identity"."account_id", "account"."disabled", "account"."expires_at",
                COALESCE("account"."expires_at" <= $7, false) AS "expired"
         FROM "identity" JOIN "account" ON "account"."id" = "identity"."account_id"
         WHERE "identity"."environment_id" = $1 AND "identity"."provider" = $2 AND "identity"."provider_uid" = $3),
       "seen" AS (
         UPDATE "identity" SET "profile" = $4, "username_normalized" = $5, "email_normalized" = $6, "last_login_at" = $7, "updated_at" = CURRENT_TIMESTAMP
         FROM "found" WHERE "identity"."id" = "found"."id" AND NOT "found"."disabled" AND NOT "found"."expired"),
       "account_seen" AS (
         UPDATE "account" SET "last_login_at" = $7, "updated_at" = CURRENT_TIMESTAMP
         FROM "found" WHERE "account"."id" = "found"."account_id" AND NOT "found"."disabled" AND NOT "found"."expired")
       SELECT "id", "account_id", "disabled", "expires_at", "expired" FROM "found"`,
      [row.environmentId, row.provider, row.providerUid, JSON.stringify(row.profile), row.username, row.email, now],
    );
    if (!found) return undefined;
    if (found.disabled) throw new IdentityError('ACCOUNT_DISABLED', 'this account is disabled');
    if (found.expired) throw new IdentityError('ACCOUNT_DISABLED', 'this account has expired');
    return {
      accountId: found.account_id,
      identityId: found.id,
      provider: row.provider,
      providerUid: row.providerUid,
      accountExpiresAt: found.expires_at ? new Date(found.expires_at) : null,
    };
  }
}
