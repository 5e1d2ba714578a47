import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { errors as joseErrors, jwtVerify } from 'jose';
import { InvalidTokenError } from '../errors';
import { SigningKeys } from '../keys/signing-keys';
import { Revocations } from '../revocation/revocations';
import type { AccessTokenClaims } from './claims';

const CLOCK_SKEW_SECONDS = 60;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Validates one of our access tokens: signature by a published key (jose), issuer, `typ`,
 * lifetime with 60 s of skew, and revocation (jti, family, grant). Any failure is invalid_token.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly keys: SigningKeys,
    private readonly revocations: Revocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(token: string): Promise<AccessTokenClaims> {
    if (token.length > 8192 || !JWT_SHAPE.test(token)) throw new InvalidTokenError(undefined, { detail: 'not a JWT' });
    let claims: AccessTokenClaims;
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKeyFor, {
        issuer: this.config.publicUrl,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['sub', 'jti', 'exp', 'iat', 'client_id', 'token_use'],
      });
      claims = payload as unknown as AccessTokenClaims;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof InvalidTokenError) {
        throw new InvalidTokenError(undefined, { detail: (error as Error).message });
      }
      throw error;
    }
    if (this.revocations.isRevoked(claims)) throw new InvalidTokenError(undefined, { detail: `revoked ${claims.jti}` });
    return claims;
  }

}
