import { Injectable } from '@nestjs/common';
import type { AppClient } from '../clients/resolved-client';
import { InvalidRequestError, InvalidTokenError } from '../errors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { tokenRevocation } from './revocation-terms';
import { Revocations } from './revocations';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';

/**
 * RFC 7009. An access token issued to the calling client is revoked by its jti until it expires;
 * a refresh token takes its whole family with it (§2.1).
 * Invalid, unknown or foreign tokens change nothing and still get 200 (§2.2), so the endpoint
 * tells nobody whether a token exists.
 */
@Injectable()
export class TokenRevocation {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: Revocations,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async revoke(client: AppClient, token: string | undefined): Promise<void> {
    if (!token) throw new InvalidRequestError('missing parameter: token', { code: 'MISSING_PARAMETER' });
    const family = token.includes('.') ? undefined : await this.refreshTokens.familyOf(token);
    if (family) {
      if (family.clientId === client.clientId) await this.refreshTokens.revokeFamily(family.id, 'revoked_by_client');
      return;
    }
    try {
      const claims = await this.verifier.verify(token);
      if (claims.client_id !== client.clientId || claims.token_use !== 'access') return;
      await this.revocations.revoke(tokenRevocation(claims), 'revoked_by_client');
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
    }
  }
}
