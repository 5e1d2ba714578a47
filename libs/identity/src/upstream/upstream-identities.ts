import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityError } from '../identity.errors';
import type { AuthenticatedIdentity } from '../local/local-identities';

/** Who an upstream service says signed in (the connectors' UpstreamIdentity, as far as accounts need it). */
export interface UpstreamProfile {
  /** Stable for the user at that service: names the identity. */
  readonly providerUid: string;
  readonly username?: string;
  readonly email?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Column sizes of `identity`: a longer upstream value is not kept rather than refused. */
const MAX_USERNAME = 255;
const MAX_EMAIL = 320;
const MAX_PROVIDER_UID = 255;

/**
 * Accounts of users who sign in at an upstream service: one identity per `(environment, service,
 * providerUid)`, its account created on the first login. The identity's `profile` is what the
 * service allows of the upstream's attributes as of the last login, so a removed attribute goes.
 */
@Injectable()
export class UpstreamIdentities {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Finds or creates the identity and records the login. Concurrent first logins of one user
   * create one account: the identity's unique key decides (INSERT … ON CONFLICT DO NOTHING), and
   * its account is inserted by the same statement only when the identity was.
   * @throws IdentityError ACCOUNT_DISABLED
   */
  async signIn(
    environmentId: string,
    authServiceId: string,
    upstream: UpstreamProfile,
    allowedAttributes: readonly string[],
    now = new Date(),
  ): Promise<AuthenticatedIdentity> {
    if (!upstream.providerUid || upstream.providerUid.length > MAX_PROVIDER_UID) {
      throw new Error(`a connector returned a providerUid of ${upstream.providerUid.length} characters (1-${MAX_PROVIDER_UID})`);
    }
    const row: Omit<IdentityRow, 'identityId'> = {
      environmentId,
      provider: authServiceId,
      providerUid: upstream.providerUid,
      username: bounded(upstream.username, MAX_USERNAME),
      email: bounded(upstream.email, MAX_EMAIL),
      profile: keptProfile(authServiceId, upstream, allowedAttributes),
    };
    const named = (found: SignedIn) => ({ ...found, provider: row.provider, providerUid: row.providerUid });
    const existing = await this.recordLogin(row, now);
    if (existing) return named(existing);
    const created = await this.create({ ...row, identityId: randomUUID() }, now);
    if (created) return named(created);
    // Another login created it meanwhile: ON CONFLICT waited for it to commit, so it is there now.
    const raced = await this.recordLogin(row, now);
    if (!raced) throw new Error(`identity of ${authServiceId} in ${environmentId} neither created nor found`);
    return named(raced);
  }

  /** The upstream user an identity of `authServiceId` names; undefined for another service's identity or none. */
  async providerUidOf(identityId: string, authServiceId: string): Promise<string | undefined> {
    const [found]: { provider_uid: string }[] = await this.dataSource.query(
      `SELECT "provider_uid" FROM "identity" WHERE "id" = $1 AND "provider" = $2`,
      [identityId, authServiceId],
    );
    return found?.provider_uid;
  }

  /**
   * What an upstream refresh says of the user now replaces the identity's profile (the allowed
   * attributes, as at login: a group removed upstream goes), username and email.
   */
  async refreshProfile(identityId: string, authServiceId: string, upstream: UpstreamProfile, allowedAttributes: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE "identity" SET "profile" = $3, "username_normalized" = $4, "email_normalized" = $5, "updated_at" = CURRENT_TIMESTAMP
       WHERE "id" = $1 AND "provider" = $2`,
      [
        identityId,
        authServiceId,
        JSON.stringify(keptProfile(authServiceId, upstream, allowedAttributes)),
        bounded(upstream.username, MAX_USERNAME),
        bounded(upstream.email, MAX_EMAIL),
      ],
    );
  }

  /** The known identity, its profile replaced and the login recorded, in one statement. */
  private async recordLogin(row: Omit<IdentityRow, 'identityId'>, now: Date): Promise<SignedIn | undefined> {
    const [found]: { id: string; account_id: string; disabled: boolean }[] = await this.dataSource.query(
      `WITH "found" AS (
         SELECT "identity"."id", "identity"."account_id", "account"."disabled"
         FROM "identity" JOIN "account" ON "account"."id" = "identity"."account_id"
         WHERE "identity"."environment_id" = $1 AND "identity"."provider" = $2 AND "identity"."provider_uid" = $3),
       "seen" AS (
         UPDATE "identity" SET "profile" = $4, "username_normalized" = $5, "email_normalized" = $6, "last_login_at" = $7, "updated_at" = CURRENT_TIMESTAMP
         FROM "found" WHERE "identity"."id" = "found"."id" AND NOT "found"."disabled"),
       "account_seen" AS (
         UPDATE "account" SET "last_login_at" = $7, "updated_at" = CURRENT_TIMESTAMP
         FROM "found" WHERE "account"."id" = "found"."account_id" AND NOT "found"."disabled")
       SELECT "id", "account_id", "disabled" FROM "found"`,
      [row.environmentId, row.provider, row.providerUid, JSON.stringify(row.profile), row.username, row.email, now],
    );
    if (!found) return undefined;
    if (found.disabled) throw new IdentityError('ACCOUNT_DISABLED', 'this account is disabled');
    return { accountId: found.account_id, identityId: found.id };
  }

  /**
   * The identity and its account, or nothing when the identity exists already. The account row
   * comes from the identity's RETURNING, so a conflict inserts neither; the foreign key is checked
   * at the end of the statement, when both are there.
   */
  private async create(row: IdentityRow, now: Date): Promise<SignedIn | undefined> {
    const [created]: { id: string; account_id: string }[] = await this.dataSource.query(
      `WITH "new_identity" AS (
         INSERT INTO "identity" ("id", "account_id", "environment_id", "provider", "provider_uid", "username_normalized", "email_normalized", "profile", "last_login_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT ("environment_id", "provider", "provider_uid") DO NOTHING
         RETURNING "id", "account_id"),
       "new_account" AS (
         INSERT INTO "account" ("id", "environment_id", "last_login_at") SELECT "account_id", $3, $9 FROM "new_identity")
       SELECT "id", "account_id" FROM "new_identity"`,
      [row.identityId, randomUUID(), row.environmentId, row.provider, row.providerUid, row.username, row.email, JSON.stringify(row.profile), now],
    );
    return created ? { accountId: created.account_id, identityId: created.id } : undefined;
  }
}

type SignedIn = Pick<AuthenticatedIdentity, 'accountId' | 'identityId'>;

interface IdentityRow {
  readonly identityId: string;
  readonly environmentId: string;
  readonly provider: string;
  readonly providerUid: string;
  readonly username: string | null;
  readonly email: string | null;
  readonly profile: Record<string, unknown>;
}

/**
 * The allowed attributes the upstream returned, and the two every profile keeps whatever the
 * service allows (docs/gateway.md#upstream-identities): `id`, the user's id at the upstream (the
 * identity's providerUid), and `audience`, the auth service the login went through (its id), the
 * two facts a data link needs to trust the token's user. They replace upstream attributes of those names.
 */
function keptProfile(authServiceId: string, upstream: UpstreamProfile, allowedAttributes: readonly string[]): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  for (const name of allowedAttributes) {
    if (Object.hasOwn(upstream.attributes, name) && upstream.attributes[name] !== undefined) profile[name] = upstream.attributes[name];
  }
  return { ...profile, id: upstream.providerUid, audience: authServiceId };
}

function bounded(value: string | undefined, max: number): string | null {
  const normalized = value?.trim().toLowerCase();
  return normalized && normalized.length <= max ? normalized : null;
}
