import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConnectorRegistry } from '@rapidauth/connectors';
import { TokenVault } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import { InvalidGrantError, ServiceUnavailableError, UnauthorizedClientError } from '../errors';
import { FormLoginError } from '../login/form-login.error';
import { FormLogins } from '../login/form-logins';
import { SecondFactors } from '../login/second-factors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';
import { PASSWORD_GRANT_EXTENSION, type PasswordGrantExtension } from './password-grant-extension';

/**
 * RFC 6749 §4.3, for first-party clients that enable it. RFC 9700 §2.4 says MUST NOT; first-party
 * mobile apps with their own login screens need it, so it is kept behind the client's opt-in, the
 * identity and address lockout, and the login rate limit (a documented deviation).
 * A `username` the optional PasswordGrantExtension handles (an authentication grant's key, from
 * libs/grants) makes it that extension's login instead: the grant is the admin's explicit
 * permission for its client, so the first-party rule does not apply to it.
 */
@Injectable()
export class PasswordGrant implements GrantType {
  readonly name = 'password';
  readonly parameters = ['username', 'password', 'scope'];
  readonly requiredParameters = ['username', 'password'];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'request', openid: true };

  constructor(
    private readonly dataSource: DataSource,
    private readonly formLogins: FormLogins,
    private readonly refreshTokens: RefreshTokens,
    private readonly connectors: ConnectorRegistry,
    private readonly vault: TokenVault,
    private readonly secondFactors: SecondFactors,
    @Optional() @Inject(PASSWORD_GRANT_EXTENSION) private readonly extension?: PasswordGrantExtension,
  ) {}

  /** The first-party rule and the service's form login, unless the extension takes the request. */
  checkRequest({ params, client }: Omit<GrantRequest, 'scope'>): void {
    if (this.extension?.handles(params.username)) return;
    if (!client.firstParty) throw new UnauthorizedClientError('only first-party clients may use the password grant');
    const connector = this.connectors.describe(client.service.type);
    if (!connector.capabilities.includes('form-login')) {
      throw new UnauthorizedClientError('the selected auth service does not take passwords here', { code: 'PROVIDER_DISABLED' });
    }
    if (!connector.loginAvailable) {
      throw new UnauthorizedClientError(`signing in through ${connector.type} services is not available yet`, { code: 'UNSUPPORTED_PROVIDER' });
    }
  }

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const { params, client, now, ip, scope } = request;
    if (this.extension?.handles(params.username)) {
      return this.extension.login(request, { username: params.username, password: params.password });
    }
    let login;
    try {
      login = await this.formLogins.login({ client, username: params.username, password: params.password, ip, requestId: request.requestId, now });
    } catch (error) {
      if (!(error instanceof FormLoginError)) throw error;
      // RFC 6749 §5.2 has no error for an upstream that cannot be asked: temporarily_unavailable, as for the database.
      if (error.unavailable) throw new ServiceUnavailableError({ code: error.code, retryAfterSeconds: error.retryAfterSeconds });
      throw new InvalidGrantError(error.message, { code: error.code });
    }
    const { user, upstreamTokens, claims } = login;
    // An account with a second factor gets no family yet (docs/gateway.md#second-factor-at-login);
    // the directory's upstream tokens are not kept for the login that follows.
    const need = await this.secondFactors.need(user.accountId, await this.secondFactors.requiredIn(client.environmentId));
    if (need !== 'none') {
      throw await this.secondFactors.refusal(need, client, { accountId: user.accountId, identityId: user.identityId, authServiceId: client.service.id, scope, claims }, now);
    }
    // No code to keep the upstream tokens against: they go to the family as it begins.
    const { family, refreshToken } = await this.dataSource.transaction(async (manager) => {
      const { accountId, identityId } = user;
      const begun = await this.refreshTokens.beginLogin(manager, client, { accountId, identityId, authServiceId: client.service.id, scope, authTime: now, claims });
      if (upstreamTokens) await this.vault.putForFamily(manager, begun.family.id, upstreamTokens);
      return begun;
    });
    return {
      subject: { kind: 'user', accountId: user.accountId, identityId: user.identityId },
      scope,
      login: { familyId: family.id, authTime: now, serviceId: client.service.id, claims },
      refreshToken,
    };
  }
}
