import { Injectable } from '@nestjs/common';
import {
  ConnectorConfigError,
  ConnectorError,
  ConnectorRegistry,
  ServiceConnectors,
  type Connector,
  type OpenedService,
  type SubjectToken,
  type SubjectTokenType,
  type TokenExchangeConnector,
  type UpstreamIdentity,
} from '@rapidauth/connectors';
import { IdentityError, UpstreamIdentities, type AuthenticatedIdentity } from '@rapidauth/identity';
import { TokenVault } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import type { AppClient } from '../clients/resolved-client';
import { InvalidGrantError, InvalidRequestError, ServiceUnavailableError, UnauthorizedClientError } from '../errors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { upstreamLoginClaims } from '../tokens/login-claims';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

export const TOKEN_EXCHANGE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** RFC 8693 §3 token type identifiers. */
const TOKEN_TYPE_PREFIX = 'urn:ietf:params:oauth:token-type:';
export const ACCESS_TOKEN_TYPE = `${TOKEN_TYPE_PREFIX}access_token`;
const SUBJECT_TOKEN_TYPES: Readonly<Record<string, SubjectTokenType>> = {
  [`${TOKEN_TYPE_PREFIX}id_token`]: 'id_token',
  [ACCESS_TOKEN_TYPE]: 'access_token',
};

/**
 * RFC 8693 §2.1's request as far as it can be judged without the upstream: a subject token of a
 * type we check, the access token as the only type to issue, and no delegation (RFC 8693 §1.1:
 * `actor_token` asks for it; we only impersonate, the subject signing in as at a login). Tokens
 * are for this environment, so `audience` and `resource` name nothing we could honour.
 * @throws InvalidRequestError INVALID_PARAMETER
 */
export function subjectTokenOf(params: Readonly<Record<string, string>>): SubjectToken {
  const type = Object.hasOwn(SUBJECT_TOKEN_TYPES, params.subject_token_type) ? SUBJECT_TOKEN_TYPES[params.subject_token_type] : undefined;
  if (!type) throw invalid('subject_token_type must be urn:ietf:params:oauth:token-type:id_token or :access_token');
  if (params.requested_token_type !== undefined && params.requested_token_type !== ACCESS_TOKEN_TYPE) {
    throw invalid('requested_token_type may only be urn:ietf:params:oauth:token-type:access_token');
  }
  if (params.actor_token !== undefined || params.actor_token_type !== undefined) throw invalid('actor_token is not supported: no delegation, only the subject signs in');
  if (params.audience !== undefined || params.resource !== undefined) throw invalid('audience and resource are not supported: tokens are for this environment');
  return { token: params.subject_token, type };
}

/**
 * RFC 8693 token exchange: a token the client got from the upstream of its selected `oidc` or
 * `oauth2` service (an ID token, or an access token) signs its user in, as a login through that
 * service would (docs/gateway.md#token-exchange): the connector has the upstream vouch for it, the
 * identity is found or created (UpstreamIdentities), a family begins (with a refresh token when
 * the service and the client allow it) and the presented token is kept in the vault for data links.
 * No consent is asked, so only first-party clients may use it, as for the password grant.
 */
@Injectable()
export class TokenExchangeGrant implements GrantType {
  readonly name = TOKEN_EXCHANGE_GRANT_TYPE;
  readonly parameters = ['subject_token', 'subject_token_type', 'requested_token_type', 'actor_token', 'actor_token_type', 'audience', 'resource', 'scope'];
  readonly requiredParameters = ['subject_token', 'subject_token_type'];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'request', openid: true };
  readonly issuedTokenType = ACCESS_TOKEN_TYPE;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ConnectorRegistry,
    private readonly connectors: ServiceConnectors,
    private readonly upstreamIdentities: UpstreamIdentities,
    private readonly refreshTokens: RefreshTokens,
    private readonly vault: TokenVault,
  ) {}

  checkRequest({ params, client }: Omit<GrantRequest, 'scope' | 'tokenScope'>): void {
    subjectTokenOf(params);
    if (!client.firstParty) throw new UnauthorizedClientError('only first-party clients may exchange tokens');
    if (!this.registry.describe(client.service.type).capabilities.includes('token-exchange')) throw unsupportedService();
  }

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const { params, client, now, ip, scope } = request;
    const subject = subjectTokenOf(params);
    const { exchange, service } = await this.exchangeOf(client);
    if (!exchange.subjectTokenTypes.includes(subject.type)) {
      throw invalid(`the selected auth service cannot check a subject_token of type ${params.subject_token_type}`);
    }
    const identity = await vouched(() => exchange.exchange(subject, { environmentId: client.environmentId, ip, requestId: request.requestId, now }));
    const user = await this.signIn(client.environmentId, service, identity, now);
    const claims = upstreamLoginClaims(user);
    // No code to keep the upstream token against: it goes to the family as it begins (as for the password grant).
    const { family, refreshToken } = await this.dataSource.transaction(async (manager) => {
      const { accountId, identityId } = user;
      const begun = await this.refreshTokens.beginLogin(manager, client, { accountId, identityId, authServiceId: client.service.id, scope, authTime: now, claims });
      if (identity.tokens && Object.keys(identity.tokens).length > 0) await this.vault.putForFamily(manager, begun.family.id, identity.tokens);
      return begun;
    });
    return {
      subject: { kind: 'user', accountId: user.accountId, identityId: user.identityId },
      scope,
      login: { familyId: family.id, authTime: now, serviceId: client.service.id, claims },
      refreshToken,
    };
  }

  private async exchangeOf(client: AppClient): Promise<{ exchange: TokenExchangeConnector; service: OpenedService }> {
    let connector: Connector;
    try {
      connector = await this.connectors.open(client.service.stored);
    } catch (error) {
      if (error instanceof ConnectorConfigError) throw unsupportedService();
      if (error instanceof ConnectorError) throw unavailable(error);
      throw error;
    }
    if (!connector.tokenExchange) throw unsupportedService();
    return { exchange: connector.tokenExchange, service: connector.service };
  }

  private async signIn(environmentId: string, service: OpenedService, identity: UpstreamIdentity, now: Date): Promise<AuthenticatedIdentity> {
    const allowed = service.config.allowedAttributes;
    try {
      return await this.upstreamIdentities.signIn(environmentId, service.id, identity, Array.isArray(allowed) ? allowed : [], now);
    } catch (error) {
      if (error instanceof IdentityError && error.code === 'ACCOUNT_DISABLED') throw new InvalidGrantError(error.message, { code: 'ACCOUNT_DISABLED' });
      throw error;
    }
  }
}

function invalid(description: string): InvalidRequestError {
  return new InvalidRequestError(description, { code: 'INVALID_PARAMETER' });
}

function unsupportedService(): UnauthorizedClientError {
  return new UnauthorizedClientError('the selected auth service cannot exchange tokens: only oidc and oauth2 services do', { code: 'UNSUPPORTED_PROVIDER' });
}

function unavailable(error: ConnectorError): ServiceUnavailableError {
  return new ServiceUnavailableError({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: error.retryAfterSeconds, detail: error.detail });
}

/** The connector's verdict as the token endpoint answers it: a refusal is invalid_grant (UPSTREAM_REJECTED), no answer a 503. */
async function vouched(work: () => Promise<UpstreamIdentity>): Promise<UpstreamIdentity> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    if (error.code === 'UPSTREAM_UNAVAILABLE') throw unavailable(error);
    throw new InvalidGrantError(error.message, { code: 'UPSTREAM_REJECTED', detail: error.detail });
  }
}
