import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { METRICS, type Metrics } from '@rapidauth/observability';
import { ClientResolver } from '../clients/client-resolver';
import type { ClientPrincipal } from '../clients/resolved-client';
import { InvalidClientError, InvalidRequestError, InvalidTokenError, OAuthError } from '../errors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';
import type { AccessTokenClaims } from '../tokens/claims';
import { introspectionLoginClaims } from '../tokens/login-claims';
import { SharedServiceAcceptance, type TokenOrigin } from './shared-service-acceptance';

/** RFC 7662 §2.2 response; inactive tokens say nothing else. */
export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      sub: string;
      aud: string;
      iss: string;
      exp: number;
      iat: number;
      jti?: string;
      token_type: 'Bearer' | 'DPoP' | 'refresh_token';
      /** RFC 9449 §6.2: the key a DPoP-bound token is bound to, for the resource to check the proof against. */
      cnf?: { jkt: string };
      token_use?: AccessTokenClaims['token_use'];
      svc?: string;
      env?: string;
      uid?: string;
      /** User tokens: who signed in (docs/gateway.md#login-claims). */
      provider?: string;
      providerUid?: string;
    };

const INACTIVE = { active: false } as const;

/**
 * RFC 7662 (§2.1) for confidential callers: an environment's own client and registered
 * confidential clients see tokens of their environment and those of an organization-scoped service
 * their environment enables (SharedServiceAcceptance), organization clients those of their
 * organization's environments. Anything else — foreign, expired, revoked, management tokens,
 * tokens of a client that is gone or disabled, garbage — is `{active: false}`.
 */
@Injectable()
export class Introspection {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly acceptance: SharedServiceAcceptance,
    private readonly refreshTokens: RefreshTokens,
    private readonly clients: ClientResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  /** Counted in the metrics by answer (`active`); a refused caller is not an introspection. */
  async introspect(caller: ClientPrincipal, token: string | undefined): Promise<IntrospectionResponse> {
    const answer = await this.answer(caller, token);
    this.metrics.introspection(answer.active);
    return answer;
  }

  private async answer(caller: ClientPrincipal, token: string | undefined): Promise<IntrospectionResponse> {
    if (caller.kind === 'app' && caller.type !== 'confidential') {
      throw new InvalidClientError('only confidential clients may introspect', { detail: caller.clientId });
    }
    if (!token) throw new InvalidRequestError('missing parameter: token', { code: 'MISSING_PARAMETER' });
    if (!token.includes('.')) return this.introspectRefreshToken(caller, token);
    let claims: AccessTokenClaims;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return INACTIVE;
      throw error;
    }
    if (claims.token_use !== 'access' || !claims.env || !(await this.mayIntrospect(caller, claims))) return INACTIVE;
    if (!(await this.clientStillServes(claims.client_id, claims.env))) return INACTIVE;
    return {
      active: true,
      scope: claims.scope,
      client_id: claims.client_id,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      exp: claims.exp,
      iat: claims.iat,
      jti: claims.jti,
      token_type: claims.cnf ? 'DPoP' : 'Bearer',
      ...(claims.cnf && { cnf: { jkt: claims.cnf.jkt } }),
      token_use: claims.token_use,
      ...(claims.svc && { svc: claims.svc }),
      env: claims.env,
      ...(claims.sid && { uid: claims.sub, ...introspectionLoginClaims(claims) }),
    };
  }

  /** Our refresh tokens are opaque; while usable they are described from their family. */
  private async introspectRefreshToken(caller: ClientPrincipal, presented: string): Promise<IntrospectionResponse> {
    const found = await this.refreshTokens.findUsable(presented, new Date());
    if (!found || !found.family.accountId || !(await this.mayIntrospect(caller, { env: found.family.environmentId, svc: found.family.authServiceId ?? undefined }))) return INACTIVE;
    const { token, family } = found;
    return {
      active: true,
      scope: family.scope,
      client_id: family.clientId,
      sub: family.accountId!,
      aud: family.clientId,
      iss: this.config.publicUrl,
      exp: Math.floor(token.expiresAt.getTime() / 1000),
      iat: Math.floor(token.createdAt.getTime() / 1000),
      token_type: 'refresh_token',
      ...(family.authServiceId && { svc: family.authServiceId }),
      env: family.environmentId,
      uid: family.accountId!,
      ...introspectionLoginClaims(family.claims),
    };
  }

  /** The token's client still resolves (exists, enabled, its service enabled) in the token's environment. */
  private async clientStillServes(clientId: string, environmentId: string): Promise<boolean> {
    try {
      const client = await this.clients.resolve(clientId);
      return client.kind === 'app' && client.environmentId === environmentId;
    } catch (error) {
      if (error instanceof OAuthError) return false;
      throw error;
    }
  }

  private async mayIntrospect(caller: ClientPrincipal, token: TokenOrigin): Promise<boolean> {
    if (caller.kind === 'app') return this.acceptance.accepts(token, caller.environmentId);
    return token.env !== undefined && (await this.acceptance.organizationOf(token.env)) === caller.organizationId;
  }
}
