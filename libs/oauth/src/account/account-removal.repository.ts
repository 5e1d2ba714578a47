import type { EntityManager } from 'typeorm';

/** The SQL of removing identities and accounts (docs/gateway.md#account-self-service); every method runs in the caller's transaction. */
export class AccountRemovalRepository {
  /** Locks the account row: removals of one account queue, each seeing what the one before it left. False when it is gone. */
  async lockAccount(manager: EntityManager, accountId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT "id" FROM "account" WHERE "id" = $1 FOR UPDATE`, [accountId]);
    return rows.length === 1;
  }

  async identity(manager: EntityManager, accountId: string, identityId: string): Promise<{ provider: string } | undefined> {
    const rows: { provider: string }[] = await manager.query(`SELECT "provider" FROM "identity" WHERE "id" = $1 AND "account_id" = $2`, [identityId, accountId]);
    return rows[0];
  }

  async countIdentities(manager: EntityManager, accountId: string): Promise<number> {
    const [row]: { count: number }[] = await manager.query(`SELECT count(*)::int AS "count" FROM "identity" WHERE "account_id" = $1`, [accountId]);
    return row.count;
  }

  /** The account's logins not yet revoked; with `identityId`, only those made with that identity. */
  async liveFamilies(manager: EntityManager, accountId: string, identityId?: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT "id" FROM "refresh_token_family" WHERE "account_id" = $1 AND "revoked_at" IS NULL AND ($2::uuid IS NULL OR "identity_id" = $2::uuid)`,
      [accountId, identityId ?? null],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Deletes the identity, the browser sessions signed in with it (a session names its identity
   * without a foreign key, and would otherwise sign the browser in again through it) and the logins
   * of it waiting for their second factor (their challenge names it only in its login; finishing
   * one checks the identity again, but none should outlive it).
   */
  async deleteIdentity(manager: EntityManager, accountId: string, identityId: string): Promise<void> {
    await manager.query(`DELETE FROM "browser_session" WHERE "identity_id" = $1`, [identityId]);
    await manager.query(`DELETE FROM "mfa_challenge" WHERE "account_id" = $1 AND "login"->>'identityId' = $2`, [accountId, identityId]);
    await manager.query(`DELETE FROM "identity" WHERE "id" = $1`, [identityId]);
  }

  /** Deletes the account; its identities, factors, codes, waiting logins (mfa challenges), sessions, consents and logins go by cascade. */
  async deleteAccount(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query(`DELETE FROM "account" WHERE "id" = $1`, [accountId]);
  }
}
