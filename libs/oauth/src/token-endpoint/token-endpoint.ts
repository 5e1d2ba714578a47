import { Inject, Injectable, Optional } from '@nestjs/common';
import { METRICS, type Metrics } from '@rapidauth/observability';
import type { AppClient, ClientPrincipal } from '../clients/resolved-client';
import { ClientAuthenticator, type ClientCredentialsSource, type MoreOrigins } from '../clients/client-authenticator';
import { DpopNonceNeeded, DpopProofs, type DpopRequest } from '../dpop/dpop-proofs';
import { DpopProofError } from '../dpop/dpop-proof';
import { InvalidClientError, InvalidDpopProofError, InvalidRequestError, UnauthorizedClientError, UnsupportedGrantTypeError, UseDpopNonceError } from '../errors';
import { authorizationScheme } from '../http/authorization-header';
import { GRANT_TYPES, type GrantOutcome, type GrantType } from '../grants';
import { RateLimits } from '../rate-limit/rate-limits';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { AccessTokenMinter } from '../tokens/access-token-minter';
import { IdTokenMinter } from '../tokens/id-token-minter';
import { decideScope } from '../tokens/scopes';
import { OPEN_DRIVER_CLIENTS, type OpenDriverClients } from './open-driver-clients';
import { pickParameters, readParameters, requireParameters } from './token-parameters';
import { countTokenRequest, grantTypeLabel } from './token-request-metrics';

/** What a token request carried: its form, client credentials, address, origin and request id. */
export type TokenRequest = ClientCredentialsSource & {
  ip: string;
  requestId?: string;
  /** Origins the client's environment allows beside the client's own (the identity methods' `authorizedOrigins`). */
  origins?: MoreOrigins;
  /** The request's `DPoP` header(s), method and path (RFC 9449 §4.3). */
  dpop?: DpopRequest;
};

/** A token answer and, when the client's proofs need one, the nonce to send as `DPoP-Nonce` (RFC 9449 §8.2). */
export interface IssuedTokens {
  response: TokenResponse;
  subject: GrantOutcome['subject'];
  dpopNonce?: string;
}

/** RFC 6749 §5.1 successful response; RFC 8693 §2.2.1 adds `issued_token_type`. */
export interface TokenResponse {
  access_token: string;
  issued_token_type?: string;
  /** `DPoP` when the access token is bound to the proof's key (RFC 9449 §5.1). */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope?: string;
  refresh_token?: string;
  id_token?: string;
  /** Device clients: the user profile the tokens belong to (its refresh family, the `sid`; docs/gateway.md#device-profiles). */
  profile_id?: string;
  /** The recovery codes of an authenticator enrolled at this login (docs/gateway.md#second-factor-at-login), shown once. */
  recovery_codes?: string[];
}

/**
 * POST /oauth/token as a list of named steps (node-oidc-provider's shape): read the parameters,
 * find the grant, authenticate the client, rate-limit it, check it may use the grant, decide the
 * scope by the grant's scope policy, let the grant authorize, mint. Every step fails with a typed
 * OAuthError and before anything is written; a refresh's `scope`, which can only be checked against
 * the login the rotation finds (RFC 6749 §6), is checked there before the token is spent.
 * Each request and each token issued is counted in the metrics.
 */
@Injectable()
export class TokenEndpoint {
  private readonly grants: Map<string, GrantType>;

  constructor(
    @Inject(GRANT_TYPES) grants: GrantType[],
    private readonly authenticator: ClientAuthenticator,
    private readonly minter: AccessTokenMinter,
    private readonly idTokens: IdTokenMinter,
    private readonly rateLimits: RateLimits,
    private readonly dpopProofs: DpopProofs,
    private readonly refreshTokens: RefreshTokens,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Optional() @Inject(OPEN_DRIVER_CLIENTS) private readonly openDriver?: OpenDriverClients,
  ) {
    this.grants = new Map(grants.map((grant) => [grant.name, grant]));
  }

  get supportedGrantTypes(): string[] {
    return [...this.grants.keys()];
  }

  handle(request: TokenRequest, now = new Date()): Promise<TokenResponse> {
    return this.serve(request, now).then(({ response }) => response);
  }

  /**
   * `handle`, also saying whom the tokens are for: the own-identity endpoints (`/v3/auth/*`)
   * answer it. Their `origins` adds the origins the environment allows beside the client's.
   */
  serve(request: TokenRequest, now = new Date()): Promise<IssuedTokens> {
    return countTokenRequest(this.metrics, this.grantTypeLabel(request.body.grant_type), async () => {
      const params = readParameters(request.body);
      this.grantFor(params);
      const source = { authorization: request.authorization, body: params, origin: request.origin };
      const { client, authenticated } = await this.authenticateClient(source, request.ip, request.origins);
      return this.issue(client, { authenticated, params, ip: request.ip, requestId: request.requestId, dpop: request.dpop }, now);
    });
  }

  /** The grant_type label of the metrics: a grant served here, or `unknown`. */
  grantTypeLabel(grantType: unknown): string {
    return grantTypeLabel(grantType, this.grants);
  }

  /**
   * The steps after client authentication, for a client already established: by `handle`, or by
   * the Usergrid endpoint, whose URL names the application. Also says whom the tokens are for.
   */
  async issue(
    client: AppClient,
    request: { authenticated: boolean; params: Record<string, string>; ip: string; requestId?: string; dpop?: DpopRequest },
    now = new Date(),
  ): Promise<IssuedTokens> {
    const grant = this.grantFor(request.params);
    await this.rateLimits.tokenRequest(client.clientId, request.authenticated);
    checkClientMayUse(client, grant);
    requireParameters(request.params, grant.requiredParameters);
    const dpopJkt = await this.provenKey(client, request.dpop, now);
    const grantRequest = {
      params: pickParameters(request.params, grant.parameters),
      client,
      clientAuthenticated: request.authenticated,
      now,
      ip: request.ip,
      requestId: request.requestId,
      dpopJkt,
    };
    grant.checkRequest?.(grantRequest);
    const scope = decideScope(grant.scopePolicy, grantRequest.params, client);
    const outcome = await grant.authorize({ ...grantRequest, scope: scope.granted, tokenScope: scope.tokenScope });
    if (dpopJkt && 'login' in outcome) await this.refreshTokens.bindToKey(outcome.login.familyId, dpopJkt);
    const tokens = this.respond(client, { ...outcome, scope: scope.tokenScope(outcome.scope) }, now, grant.issuedTokenType, dpopJkt);
    this.countIssued(tokens);
    return { response: tokens, subject: outcome.subject, ...(dpopJkt && client.dpop?.nonceRequired && { dpopNonce: this.dpopProofs.nonce(now) }) };
  }

  /**
   * RFC 9449 §5: the key a request's DPoP proof proves, before the grant spends anything. A client
   * whose tokens must be bound (`dpop_bound_access_tokens`) cannot do without; a request without a
   * proof costs nothing more here.
   */
  private async provenKey(client: AppClient, dpop: DpopRequest | undefined, now: Date): Promise<string | undefined> {
    if (dpop?.proof === undefined) {
      if (client.dpop?.boundAccessTokens) throw new InvalidDpopProofError('this client must send a DPoP proof with every token request');
      return undefined;
    }
    try {
      return (await this.dpopProofs.verify(dpop, { nonceRequired: client.dpop?.nonceRequired ?? false, now }))?.jkt;
    } catch (error) {
      if (error instanceof DpopNonceNeeded) throw new UseDpopNonceError(error.nonce);
      if (error instanceof DpopProofError) throw new InvalidDpopProofError(error.message);
      throw error;
    }
  }

  private countIssued(tokens: TokenResponse): void {
    this.metrics.tokensIssued('access');
    if (tokens.refresh_token) this.metrics.tokensIssued('refresh');
    if (tokens.id_token) this.metrics.tokensIssued('id');
  }

  private grantFor(params: Record<string, string>): GrantType {
    if (!params.grant_type) throw new InvalidRequestError('missing parameter: grant_type', { code: 'MISSING_PARAMETER' });
    const grant = this.grants.get(params.grant_type);
    if (!grant) throw new UnsupportedGrantTypeError('this grant_type is not supported (discovery lists grant_types_supported)');
    return grant;
  }

  /** The client, and whether it proved a secret (not so for `client_id` alone: public clients, open driver). */
  private async authenticateClient(
    source: ClientCredentialsSource & { body: Record<string, string> },
    ip: string,
    origins?: TokenRequest['origins'],
  ): Promise<{ client: AppClient; authenticated: boolean }> {
    let client: ClientPrincipal;
    try {
      client = await this.authenticator.authenticate(source, origins);
    } catch (error) {
      const vouched = error instanceof InvalidClientError ? await this.openDriver?.vouchedClient(source, ip) : undefined;
      if (!vouched) throw error;
      return { client: vouched, authenticated: false };
    }
    // Organization clients get management tokens elsewhere, nothing here.
    if (client.kind !== 'app') {
      throw new InvalidClientError('organization clients cannot obtain tokens here', {
        basicChallenge: authorizationScheme(source.authorization) === 'basic',
        detail: client.clientId,
      });
    }
    // The authenticator verified any secret presented; without one the client only named itself.
    return { client, authenticated: authorizationScheme(source.authorization) === 'basic' || source.body.client_secret !== undefined };
  }

  private respond(requestClient: AppClient, outcome: GrantOutcome, now: Date, issuedTokenType?: string, dpopJkt?: string): TokenResponse {
    const login = 'login' in outcome ? outcome.login : undefined;
    const refreshToken = 'refreshToken' in outcome ? outcome.refreshToken : undefined;
    const recoveryCodes = 'recoveryCodes' in outcome ? outcome.recoveryCodes : undefined;
    const service = ('service' in outcome && outcome.service) || requestClient.service;
    const client = service === requestClient.service ? requestClient : { ...requestClient, service };
    const access = this.minter.mint(
      {
        sub: outcome.subject.kind === 'user' ? outcome.subject.accountId : client.clientId,
        clientId: client.clientId,
        scope: outcome.scope,
        ttlSeconds: cappedTtl(service.settings.tokenTtl, 'accountExpiresAt' in outcome ? outcome.accountExpiresAt : undefined, now),
        environmentId: client.environmentId,
        serviceId: login?.serviceId ?? service.id,
        familyId: login?.familyId,
        authTime: login?.authTime,
        grantId: login?.grantId,
        login: login?.claims,
        dpopJkt,
      },
      now,
    );
    const idToken =
      outcome.subject.kind === 'user' && login && outcome.scope.includes('openid') && !issuedTokenType
        ? this.idTokens.mint(client, outcome.subject.accountId, login, now)
        : undefined;
    return {
      access_token: access.token,
      ...(issuedTokenType && { issued_token_type: issuedTokenType }),
      token_type: dpopJkt ? 'DPoP' : 'Bearer',
      expires_in: access.expiresIn,
      ...(outcome.scope.length > 0 && { scope: outcome.scope.join(' ') }),
      ...(refreshToken && { refresh_token: refreshToken }),
      ...(idToken && { id_token: idToken }),
      ...(requestClient.device && login && { profile_id: login.familyId }),
      ...(recoveryCodes && { recovery_codes: [...recoveryCodes] }),
    };
  }
}

/** An access token never outlives its account: the grants refuse an account already past its expiry. */
function cappedTtl(ttlSeconds: number, accountExpiresAt: Date | null | undefined, now: Date): number {
  if (!accountExpiresAt) return ttlSeconds;
  return Math.max(1, Math.min(ttlSeconds, Math.floor((accountExpiresAt.getTime() - now.getTime()) / 1000)));
}

function checkClientMayUse(client: AppClient, grant: GrantType): void {
  if (!client.grantTypes.includes(grant.name)) {
    throw new UnauthorizedClientError(`the client may not use the ${grant.name} grant`);
  }
  if (grant.confidentialOnly && client.type !== 'confidential') {
    throw new UnauthorizedClientError(`${grant.name} requires a confidential client`);
  }
}
