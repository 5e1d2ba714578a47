import { Injectable } from '@nestjs/common';
import { InvalidTokenError } from '../errors';
import { bearerToken } from '../http/authorization-header';
import { tokenRevocation } from '../revocation/revocation-terms';
import { Revocations } from '../revocation/revocations';
import { ManagementTokenVerifier } from './management-token-verifier';

/**
 * Revokes the management token a caller presents (the console's sign-out), on every instance:
 * its jti until its `exp` plus the clock skew. In the spirit of RFC 7009 §2.2 the caller learns
 * nothing: a missing, invalid, expired or already revoked token changes nothing and is no error.
 */
@Injectable()
export class ManagementTokenRevocation {
  constructor(
    private readonly verifier: ManagementTokenVerifier,
    private readonly revocations: Revocations,
  ) {}

  async revoke(authorization: string | undefined): Promise<void> {
    try {
      const token = bearerToken(authorization);
      if (!token) return;
      const claims = await this.verifier.verify(token);
      await this.revocations.revoke(tokenRevocation(claims), 'management_sign_out');
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
    }
  }
}
