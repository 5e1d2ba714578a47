import { Injectable } from '@nestjs/common';
import { EnvironmentEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import type { ClientPrincipal } from '../clients/resolved-client';
import { InvalidClientError, InvalidRequestError, InvalidTokenError } from '../errors';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';
import type { AccessTokenClaims } from '../tokens/claims';

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
      jti: string;
      token_type: 'Bearer';
      token_use: AccessTokenClaims['token_use'];
      svc?: string;
      env?: string;
      uid?: string;
    };

const INACTIVE = { active: false } as const;

/**
 * RFC 7662 for confidential callers (PRODUCT.md): an environment's own client and registered
 * confidential clients see tokens of their environment, organization clients those of their
 * organization's environments. Anything else — foreign, expired, revoked, management tokens,
 * garbage — is `{active: false}`.
 */
@Injectable()
export class Introspection {
  /** environment id → organization id; never changes, so it is cached for the process's life. */
  private readonly organizationOf = new Map<string, string>();

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly dataSource: DataSource,
  ) {}

  async introspect(caller: ClientPrincipal, token: string | undefined): Promise<IntrospectionResponse> {
    if (caller.kind === 'app' && caller.type !== 'confidential') {
      throw new InvalidClientError('only confidential clients may introspect', { detail: caller.clientId });
    }
    if (!token) throw new InvalidRequestError('missing parameter: token', { code: 'MISSING_PARAMETER' });
    let claims: AccessTokenClaims;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return INACTIVE;
      throw error;
    }
    if (claims.token_use !== 'access' || !claims.env || !(await this.mayIntrospect(caller, claims.env))) return INACTIVE;
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
      token_type: 'Bearer',
      token_use: claims.token_use,
      ...(claims.svc && { svc: claims.svc }),
      env: claims.env,
      ...(claims.sid && { uid: claims.sub }),
    };
  }

  private async mayIntrospect(caller: ClientPrincipal, environmentId: string): Promise<boolean> {
    if (caller.kind === 'app') return caller.environmentId === environmentId;
    return (await this.organizationOfEnvironment(environmentId)) === caller.organizationId;
  }

  private async organizationOfEnvironment(environmentId: string): Promise<string | undefined> {
    const cached = this.organizationOf.get(environmentId);
    if (cached) return cached;
    const environment = await this.dataSource.manager.findOne(EnvironmentEntity, {
      select: { id: true, organizationId: true },
      where: { id: environmentId },
    });
    if (environment) this.organizationOf.set(environmentId, environment.organizationId);
    return environment?.organizationId;
  }
}
