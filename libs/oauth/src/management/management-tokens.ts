import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { METRICS, type Metrics } from '@rapidauth/observability';
import { AdminUserEntity, OrganizationEntity } from '@rapidauth/database';
import { addressKey, LoginThrottle, subjectKey, unknownSubjectKey } from '@rapidauth/identity';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import {
  InvalidClientError,
  InvalidGrantError,
  InvalidRequestError,
  UnsupportedGrantTypeError,
} from '../errors';
import { RateLimits } from '../rate-limit/rate-limits';
import { hasControlCharacters } from '../token-endpoint/token-parameters';
import { countTokenRequest, grantTypeLabel } from '../token-endpoint/token-request-metrics';
import { AccessTokenMinter } from '../tokens/access-token-minter';

export const MANAGEMENT_TOKEN_SECONDS = 3600;
/** The client_id claim of admin users' management tokens (they sign in without a client). */
export const MANAGEMENT_CLIENT_ID = 'rapidauth-management';
const MANAGEMENT_GRANT_TYPES: ReadonlySet<string> = new Set(['password', 'client_credentials']);

export type ManagementTokenResponse = {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
} & (
  | { user: { id: string; username: string; email: string | null } }
  | { organization: { id: string; name: string; displayName: string } }
);

/**
 * POST /management/token (docs/admin-api.md#authentication), for admin users and organization clients:
 * management tokens — `aud` = ADMIN_PUBLIC_URL,
 * `token_use: management`, one hour, no refresh, revocable like any access token. Counted in the
 * metrics as token requests and `management` tokens.
 */
@Injectable()
export class ManagementTokens {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: SecretHasher,
    private readonly throttle: LoginThrottle,
    private readonly minter: AccessTokenMinter,
    private readonly rateLimits: RateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  issue(params: Record<string, string>, ip: string, now = new Date()): Promise<ManagementTokenResponse> {
    return countTokenRequest(this.metrics, grantTypeLabel(params.grant_type, MANAGEMENT_GRANT_TYPES), () => this.answer(params, ip, now));
  }

  private async answer(params: Record<string, string>, ip: string, now: Date): Promise<ManagementTokenResponse> {
    if (params.grant_type === 'password') return this.forAdmin(params, ip, now);
    if (params.grant_type === 'client_credentials') return this.forOrganization(params, now);
    if (!params.grant_type) throw new InvalidRequestError('missing parameter: grant_type', { code: 'MISSING_PARAMETER' });
    throw new UnsupportedGrantTypeError('management tokens take grant_type password or client_credentials');
  }

  private async forAdmin(params: Record<string, string>, ip: string, now: Date): Promise<ManagementTokenResponse> {
    if (!params.username || !params.password) {
      throw new InvalidRequestError('username and password are required', { code: 'MISSING_PARAMETER' });
    }
    if (hasControlCharacters(params.username)) throw new InvalidRequestError('username contains control characters');
    await this.rateLimits.signIn('management', ip, params.username);
    const username = params.username.trim().toLowerCase();
    const admin = await this.dataSource.manager.findOneBy(AdminUserEntity, { username });
    const keys = {
      address: addressKey('management', ip),
      subject: admin ? subjectKey('admin', admin.id) : unknownSubjectKey('management', username),
    };
    const checked = await this.throttle.verify({ keys, passwordHash: admin?.passwordHash, password: params.password }, now);
    if ('lockedUntil' in checked) throw new InvalidGrantError('too many failed sign-ins; try again later', { code: 'IDENTITY_TEMPORARILY_LOCKED' });
    if (!admin || !checked.valid) throw new InvalidGrantError('wrong username or password', { code: 'INVALID_CREDENTIALS' });
    if (admin.disabled) {
      await this.throttle.release(checked.reservation);
      throw new InvalidGrantError('this admin is disabled', { code: 'ACCOUNT_DISABLED' });
    }
    // The success gives back its lockout reservation and records the login, in one statement.
    const release = this.throttle.releaseStatement(checked.reservation, 3);
    await this.dataSource.query(
      `WITH "released" AS (${release.sql}) UPDATE "admin_user" SET "last_login_at" = $1, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $2`,
      [now, admin.id, ...release.params],
    );
    const token = this.mint(admin.id, MANAGEMENT_CLIENT_ID, undefined, now);
    return { ...token, user: { id: admin.id, username: admin.username, email: admin.email } };
  }

  private async forOrganization(params: Record<string, string>, now: Date): Promise<ManagementTokenResponse> {
    if (!params.client_id || !params.client_secret) {
      throw new InvalidRequestError('client_id and client_secret are required', { code: 'MISSING_PARAMETER' });
    }
    const organization = await this.dataSource.manager.findOneBy(OrganizationEntity, { clientId: params.client_id });
    if (!organization?.enabled || !this.hasher.verify(params.client_secret, organization.clientSecretHash)) {
      throw new InvalidClientError('client authentication failed');
    }
    const token = this.mint(organization.clientId, organization.clientId, organization.id, now);
    return { ...token, organization: { id: organization.id, name: organization.name, displayName: organization.displayName } };
  }

  private mint(sub: string, clientId: string, organizationId: string | undefined, now: Date) {
    const { token, expiresIn } = this.minter.mint(
      {
        sub,
        clientId,
        scope: [],
        ttlSeconds: MANAGEMENT_TOKEN_SECONDS,
        audience: this.config.adminPublicUrl,
        organizationId,
        tokenUse: 'management',
      },
      now,
    );
    this.metrics.tokensIssued('management');
    return { access_token: token, token_type: 'Bearer' as const, expires_in: expiresIn };
  }
}
