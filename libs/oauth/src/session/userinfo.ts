import { Injectable } from '@nestjs/common';
import { LOCAL_PROVIDER } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { ClientResolver } from '../clients/client-resolver';
import { checkOrigin } from '../clients/origin-check';
import { InsufficientScopeError, InvalidTokenError } from '../errors';
import { SharedServiceAcceptance } from '../introspection/shared-service-acceptance';
import type { PresentedAccessToken } from '../dpop/presented-token';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';

/**
 * Names an upstream attribute never takes: the claims userinfo sets itself (OIDC Core §5.1) and
 * the JWT registered ones (RFC 7519 §4.1), so an attribute cannot pose as the subject or the issuer.
 */
const RESERVED_CLAIMS = new Set([
  'sub', 'preferred_username', 'updated_at', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'address',
  'iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'auth_time', 'nonce', 'sid',
]);

const PROFILE_CLAIMS = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale'];

/**
 * OIDC Core §5.3 userinfo: the claims of the token's scopes, from the identity the token's login
 * signed in with; with `profile`, an upstream identity's allowed attributes too, under their names.
 * Only user access tokens with `openid` qualify; client and management tokens are refused.
 * Another app of the organization may present the token with its own `client_id` (single sign-on
 * across apps, docs/gateway.md#sso-across-apps): its environment must accept the token, and a
 * browser's `Origin` is then checked against that client.
 */
@Injectable()
export class UserInfo {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly dataSource: DataSource,
    private readonly resolver: ClientResolver,
    private readonly acceptance: SharedServiceAcceptance,
  ) {}

  async claims(accessToken: PresentedAccessToken | undefined, origin?: string, presenterClientId?: string): Promise<Record<string, unknown>> {
    const token = await this.verifier.verifyPresented(accessToken);
    if (presenterClientId !== undefined && presenterClientId !== token.client_id) {
      const presenter = await this.resolver.resolveApp(presenterClientId);
      if (!(await this.acceptance.accepts(token, presenter.environmentId))) {
        throw new InvalidTokenError(undefined, { detail: "not accepted in the presenting client's environment" });
      }
      checkOrigin(presenter, origin);
    } else if (origin !== undefined) {
      checkOrigin(await this.resolver.resolve(token.client_id), origin);
    }
    if (token.token_use !== 'access' || !token.sid) throw new InvalidTokenError('not a user access token');
    const scopes = token.scope.split(' ');
    if (!scopes.includes('openid')) throw new InsufficientScopeError('the token lacks the openid scope');

    const login = await this.loginOf(token.sid, token.sub);
    if (!login || login.disabled) throw new InvalidTokenError(undefined, { detail: 'login, account gone or disabled' });
    const identity = login.identity;
    const profile = identity?.profile ?? {};
    const claims: Record<string, unknown> = { sub: token.sub };
    if (scopes.includes('profile')) {
      if (identity?.usernameNormalized) claims.preferred_username = identity.usernameNormalized;
      for (const name of PROFILE_CLAIMS) if (profile[name] !== undefined) claims[name] = profile[name];
      // An upstream identity's profile holds only what its service allows (UpstreamIdentities): all of it is the user's.
      if (identity && identity.provider !== LOCAL_PROVIDER) {
        for (const [name, value] of Object.entries(profile)) if (!RESERVED_CLAIMS.has(name) && value !== undefined) claims[name] = value;
      }
      claims.updated_at = Math.floor((identity?.updatedAt ?? login.accountUpdatedAt).getTime() / 1000);
    }
    if (scopes.includes('email') && identity?.emailNormalized) {
      claims.email = identity.emailNormalized;
      claims.email_verified = identity.emailVerified;
    }
    if (scopes.includes('phone') && profile.phone_number !== undefined) {
      claims.phone_number = profile.phone_number;
      claims.phone_number_verified = profile.phone_number_verified === true;
    }
    if (scopes.includes('address') && profile.address !== undefined) claims.address = profile.address;
    return claims;
  }

  /**
   * The token's login (its family, `sid`) with its account and the identity it signed in with: the
   * claims are that identity's, not those of the account's latest login elsewhere. Logins made
   * through an authentication grant have no identity.
   */
  private async loginOf(familyId: string, accountId: string): Promise<Login | undefined> {
    const [row]: LoginRow[] = await this.dataSource.query(
      `SELECT "account"."disabled", "account"."updated_at" AS "account_updated_at",
              "identity"."id" AS "identity_id", "identity"."provider", "identity"."username_normalized", "identity"."email_normalized",
              "identity"."email_verified", "identity"."profile", "identity"."updated_at" AS "identity_updated_at"
       FROM "refresh_token_family"
       JOIN "account" ON "account"."id" = "refresh_token_family"."account_id"
       LEFT JOIN "identity" ON "identity"."id" = "refresh_token_family"."identity_id"
       WHERE "refresh_token_family"."id" = $1 AND "refresh_token_family"."account_id" = $2`,
      [familyId, accountId],
    );
    if (!row) return undefined;
    return {
      disabled: row.disabled,
      accountUpdatedAt: new Date(row.account_updated_at),
      identity: row.identity_id
        ? {
            provider: row.provider!,
            usernameNormalized: row.username_normalized,
            emailNormalized: row.email_normalized,
            emailVerified: row.email_verified === true,
            profile: row.profile ?? {},
            updatedAt: new Date(row.identity_updated_at!),
          }
        : undefined,
    };
  }
}

interface Login {
  readonly disabled: boolean;
  readonly accountUpdatedAt: Date;
  readonly identity?: {
    readonly provider: string;
    readonly usernameNormalized: string | null;
    readonly emailNormalized: string | null;
    readonly emailVerified: boolean;
    readonly profile: Record<string, unknown>;
    readonly updatedAt: Date;
  };
}

interface LoginRow {
  disabled: boolean;
  account_updated_at: Date | string;
  identity_id: string | null;
  provider: string | null;
  username_normalized: string | null;
  email_normalized: string | null;
  email_verified: boolean | null;
  profile: Record<string, unknown> | null;
  identity_updated_at: Date | string | null;
}
