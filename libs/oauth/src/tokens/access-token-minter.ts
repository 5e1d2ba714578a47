import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { SigningKeys } from '../keys/signing-keys';
import { MAX_TOKEN_LIFETIME_SECONDS } from './token-lifetime';
import type { AccessTokenClaims } from './claims';
import { signJwt } from './jwt-signer';
import { accessTokenLoginClaims, type LoginClaims } from './login-claims';

export interface AccessTokenInput {
  sub: string;
  clientId: string;
  scope: readonly string[];
  ttlSeconds: number;
  environmentId?: string;
  serviceId?: string;
  familyId?: string;
  authTime?: Date;
  grantId?: string;
  /** A user token's login: `uid` (= `sub`) and the login's claims are written with it. */
  login?: LoginClaims;
  organizationId?: string;
  audience?: string;
  tokenUse?: AccessTokenClaims['token_use'];
  /** RFC 9449 §6.1: binds the token to this key thumbprint (`cnf.jkt`). */
  dpopJkt?: string;
}

/** Mints RFC 9068 JWT access tokens (ES256, `typ: at+jwt`) with the claims of `AccessTokenClaims` (RFC 9068 §2.2 plus ours). */
@Injectable()
export class AccessTokenMinter {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  mint(input: AccessTokenInput, now = new Date()): { token: string; claims: AccessTokenClaims; expiresIn: number } {
    const iat = Math.floor(now.getTime() / 1000);
    const expiresIn = Math.min(input.ttlSeconds, MAX_TOKEN_LIFETIME_SECONDS);
    const claims: AccessTokenClaims = {
      iss: this.config.publicUrl,
      sub: input.sub,
      aud: input.audience ?? this.config.publicUrl,
      client_id: input.clientId,
      scope: input.scope.join(' '),
      jti: randomUUID(),
      iat,
      exp: iat + expiresIn,
      ...(input.authTime && { auth_time: Math.floor(input.authTime.getTime() / 1000) }),
      ...(input.familyId && { sid: input.familyId }),
      ...(input.serviceId && { svc: input.serviceId }),
      ...(input.environmentId && { env: input.environmentId }),
      ...(input.organizationId && { org: input.organizationId }),
      ...(input.grantId && { gid: input.grantId }),
      ...(input.login && accessTokenLoginClaims(input.sub, input.login)),
      token_use: input.tokenUse ?? 'access',
      ...(input.dpopJkt && { cnf: { jkt: input.dpopJkt } }),
    };
    return { token: signJwt(claims, this.keys.signer('ES256', now), 'at+jwt'), claims, expiresIn };
  }
}
