import { Injectable } from '@nestjs/common';
import { IdentityMethods } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { ClientResolver } from '../clients/client-resolver';
import { checkOrigin } from '../clients/origin-check';
import { InvalidTokenError } from '../errors';
import type { PresentedAccessToken } from '../dpop/presented-token';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';
import { AccountLoginRepository } from './account-login.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The login behind a user access token presented at the account endpoints. */
export interface AccountLogin {
  /** The account (`uid`, the token's `sub`). */
  readonly accountId: string;
  readonly environmentId: string;
  readonly organizationId: string;
  /** The login's token family (`sid`). */
  readonly familyId: string;
  readonly clientId: string;
  /** The identity the login signed in with; null for authentication-grant logins, which have none. */
  readonly identityId: string | null;
  /** When the user last authenticated (the token's `auth_time`, OIDC Core §2). */
  readonly authTime: Date;
}

/**
 * Authenticates the account endpoints' Bearer token (RFC 6750 §2.1): one of our user access tokens
 * whose login and account are live. Management and client_credentials tokens, revoked logins and
 * disabled, deleted or expired accounts are refused as userinfo refuses them (401 invalid_token); a browser's
 * `Origin` must be one the token's client or its environment's `authorizedOrigins` allow.
 */
@Injectable()
export class AccountLogins {
  private readonly logins = new AccountLoginRepository();

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly resolver: ClientResolver,
    private readonly methods: IdentityMethods,
    private readonly dataSource: DataSource,
  ) {}

  async authenticate(accessToken: PresentedAccessToken | undefined, origin: string | undefined, now = new Date()): Promise<AccountLogin> {
    const claims = await this.verifier.verifyPresented(accessToken, now);
    if (claims.token_use !== 'access' || !claims.sid || typeof claims.auth_time !== 'number' || !UUID.test(claims.sid) || !UUID.test(claims.sub)) {
      throw new InvalidTokenError('not a user access token');
    }
    const login = { accountId: claims.sub, familyId: claims.sid, authTime: new Date(claims.auth_time * 1000) };
    const row = await this.logins.find(this.dataSource, login.familyId, login.accountId);
    if (!row || row.revoked_at || row.disabled || row.expired) throw new InvalidTokenError(undefined, { detail: 'login revoked, account gone, disabled or expired' });
    if (origin !== undefined) await this.checkOrigin(claims.client_id, row.environment_id, origin);
    return { ...login, environmentId: row.environment_id, organizationId: row.organization_id, clientId: row.client_id, identityId: row.identity_id };
  }

  /** The client's `allowedOrigins`, extended on the `/v3/auth/*` endpoints by the environment's `authorizedOrigins`. */
  private async checkOrigin(clientId: string, environmentId: string, origin: string): Promise<void> {
    const { authorizedOrigins } = await this.methods.forEnvironment(environmentId);
    if (!authorizedOrigins.includes(origin)) checkOrigin(await this.resolver.resolve(clientId), origin);
  }
}
