import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { AccountIdentities, CustomTokens, IdentityMethods, type CustomTokenPolicy, type IdentityMethodSettings, type IdentityRow } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { InvalidGrantError } from '../errors';
import { refusingAsOAuth } from '../http/identity-refusals';
import { OwnIdentityLogins } from '../login/own-identity-logins';
import type { OwnIdentityProof } from '../login/own-identity-proof';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The identity provider of custom-token logins; the token's `sub` is the providerUid. */
export const CUSTOM_PROVIDER = 'custom';

/**
 * RFC 7523 §2.1: a custom token (docs/gateway.md#custom-token-login), the JWT the customer's
 * backend signs under the environment's `customToken` key, as the `assertion`. CustomTokens checks
 * it (§3: algorithm, `aud` = the issuer or the token endpoint, `exp`, `iat`, `maxAgeSeconds`,
 * `iss`, single-use `jti`); its `sub` names the `custom` identity, found or created with its
 * account, and `displayName`, when present, is kept in the identity's profile.
 */
@Injectable()
export class JwtBearerGrant implements GrantType, OwnIdentityProof {
  readonly name = JWT_BEARER_GRANT_TYPE;
  readonly parameters = ['assertion', 'scope'];
  readonly requiredParameters = ['assertion'];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'request', openid: true };
  private readonly accounts: AccountIdentities;

  constructor(
    dataSource: DataSource,
    private readonly logins: OwnIdentityLogins,
    private readonly identityMethods: IdentityMethods,
    private readonly customTokens: CustomTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.accounts = new AccountIdentities(dataSource);
  }

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const { client, now, params } = request;
    const row = await this.prove(client.environmentId, params, now);
    return this.logins.login(request, (manager) => this.accounts.signIn(row, now, { on: manager }));
  }

  async prove(environmentId: string, params: Readonly<Record<string, string | undefined>>, now: Date): Promise<IdentityRow> {
    const settings = await this.logins.settingsFor(environmentId, 'customToken');
    const policy = await this.policy(environmentId, settings);
    const subject = await refusingAsOAuth(() => this.customTokens.verify(environmentId, params.assertion, policy, now));
    return {
      environmentId,
      provider: CUSTOM_PROVIDER,
      providerUid: subject.providerUid,
      username: null,
      email: null,
      profile: subject.displayName === undefined ? {} : { displayName: subject.displayName },
    };
  }

  /** The environment's key and rules; RFC 7523 §3 point 3: the audience is the issuer or the token endpoint. */
  private async policy(environmentId: string, settings: IdentityMethodSettings): Promise<CustomTokenPolicy> {
    const key = await this.identityMethods.customTokenKey(environmentId);
    // Enabled without a key: no token can verify, so none is accepted.
    if (!key) throw new InvalidGrantError('no custom-token key is configured for this environment', { code: 'INVALID_TOKEN' });
    const publicUrl = this.config.publicUrl;
    return {
      algorithm: key.algorithm,
      key: key.algorithm === 'HS256' ? new Uint8Array(key.secret) : key.publicKey,
      issuer: settings.customToken.issuer,
      maxAgeSeconds: settings.customToken.maxAgeSeconds,
      audiences: [publicUrl, `${publicUrl}/oauth/token`],
    };
  }
}
