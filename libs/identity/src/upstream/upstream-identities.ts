import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountIdentities } from '../accounts/account-identities';
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
  private readonly accounts: AccountIdentities;

  constructor(private readonly dataSource: DataSource) {
    this.accounts = new AccountIdentities(dataSource);
  }

  /**
   * Finds or creates the identity and records the login (AccountIdentities: concurrent first
   * logins of one user create one account). With `linkTo` (a login begun with a link ticket) the
   * identity is bound to that account instead of found or created on its own.
   * @throws IdentityError ACCOUNT_DISABLED; EXISTING_IDENTITY when `linkTo` is not the identity's account
   */
  async signIn(
    environmentId: string,
    authServiceId: string,
    upstream: UpstreamProfile,
    allowedAttributes: readonly string[],
    now = new Date(),
    linkTo?: string,
  ): Promise<AuthenticatedIdentity> {
    if (!upstream.providerUid || upstream.providerUid.length > MAX_PROVIDER_UID) {
      throw new Error(`a connector returned a providerUid of ${upstream.providerUid.length} characters (1-${MAX_PROVIDER_UID})`);
    }
    const row = {
      environmentId,
      provider: authServiceId,
      providerUid: upstream.providerUid,
      username: bounded(upstream.username, MAX_USERNAME),
      email: bounded(upstream.email, MAX_EMAIL),
      profile: keptProfile(authServiceId, upstream, allowedAttributes),
    };
    return linkTo ? this.accounts.signInLinked(row, linkTo, now) : this.accounts.signIn(row, now);
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
