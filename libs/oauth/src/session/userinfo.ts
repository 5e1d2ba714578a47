import { Injectable } from '@nestjs/common';
import { AccountEntity, IdentityEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { ClientResolver } from '../clients/client-resolver';
import { checkOrigin } from '../clients/origin-check';
import { InsufficientScopeError, InvalidTokenError } from '../errors';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';

const PROFILE_CLAIMS = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale'];

/**
 * OIDC Core §5.3 userinfo: the claims of the token's scopes, from the identity that signed in.
 * Only user access tokens with `openid` qualify; client and management tokens are refused.
 */
@Injectable()
export class UserInfo {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly dataSource: DataSource,
    private readonly resolver: ClientResolver,
  ) {}

  async claims(accessToken: string | undefined, origin?: string): Promise<Record<string, unknown>> {
    if (!accessToken) throw new InvalidTokenError('an access token is required');
    const token = await this.verifier.verify(accessToken);
    if (origin !== undefined) checkOrigin(await this.resolver.resolve(token.client_id), origin);
    if (token.token_use !== 'access' || !token.sid) throw new InvalidTokenError('not a user access token');
    const scopes = token.scope.split(' ');
    if (!scopes.includes('openid')) throw new InsufficientScopeError('the token lacks the openid scope');

    const account = await this.dataSource.manager.findOneBy(AccountEntity, { id: token.sub });
    if (!account || account.disabled) throw new InvalidTokenError(undefined, { detail: 'account gone or disabled' });
    const identity = await this.dataSource.manager.findOne(IdentityEntity, { where: { accountId: account.id }, order: { lastLoginAt: 'DESC' } });
    const profile = (identity?.profile ?? {}) as Record<string, unknown>;
    const claims: Record<string, unknown> = { sub: account.id };
    if (scopes.includes('profile')) {
      if (identity?.usernameNormalized) claims.preferred_username = identity.usernameNormalized;
      for (const name of PROFILE_CLAIMS) if (profile[name] !== undefined) claims[name] = profile[name];
      claims.updated_at = Math.floor((identity?.updatedAt ?? account.updatedAt).getTime() / 1000);
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
}
