import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { errors as joseErrors, jwtVerify } from 'jose';
import { DpopResourceCheck } from '../dpop/dpop-resource-check';
import type { PresentedAccessToken } from '../dpop/presented-token';
import { InvalidTokenError } from '../errors';
import { SigningKeys } from '../keys/signing-keys';
import { Revocations } from '../revocation/revocations';
import type { AccessTokenClaims } from './claims';
import { CLOCK_SKEW_SECONDS } from './token-lifetime';

/** Tokens whose signature and claims were checked, until their expiry; revocation is checked every time. */
const VERIFIED_CACHE_MAX = 10_000;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Validates one of our access tokens: signature by a published key (jose), issuer, `typ`,
 * lifetime with 60 s of skew, and revocation (jti, family, grant, client, service). Any failure is invalid_token.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly revocations: Revocations,
    private readonly dpop: DpopResourceCheck,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(token: string, now = new Date()): Promise<AccessTokenClaims> {
    const claims = this.cached(token, now) ?? (await this.verifySignatureAndClaims(token, now));
    if (this.revocations.isRevoked(claims, now)) throw new InvalidTokenError(undefined, { detail: `revoked ${claims.jti}` });
    return claims;
  }

  /** `verify` for a resource: also how the token was presented (RFC 9449 §7, DpopResourceCheck). */
  async verifyPresented(presented: PresentedAccessToken | undefined, now = new Date()): Promise<AccessTokenClaims> {
    if (!presented) throw new InvalidTokenError('an access token is required');
    const claims = await this.verify(presented.token, now);
    await this.dpop.check(claims, presented, now);
    return claims;
  }

  /** A token verified before and not yet expired (with the same skew as a fresh check). */
  private cached(token: string, now: Date): AccessTokenClaims | undefined {
    const claims = this.verified.get(token);
    if (!claims) return undefined;
    if ((claims.exp + CLOCK_SKEW_SECONDS) * 1000 > now.getTime()) return claims;
    this.verified.delete(token);
    return undefined;
  }

  private async verifySignatureAndClaims(token: string, now: Date): Promise<AccessTokenClaims> {
    if (token.length > 8192 || !JWT_SHAPE.test(token)) throw new InvalidTokenError(undefined, { detail: 'not a JWT' });
    let claims: AccessTokenClaims;
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKeyFor, {
        issuer: this.config.publicUrl,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: now,
        requiredClaims: ['sub', 'jti', 'exp', 'iat', 'client_id', 'token_use'],
      });
      claims = payload as unknown as AccessTokenClaims;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof InvalidTokenError) {
        throw new InvalidTokenError(undefined, { detail: (error as Error).message });
      }
      throw error;
    }
    if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}
