import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { InvalidTokenError } from '../errors';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';
import type { AccessTokenClaims } from '../tokens/claims';

/** The admin API accepts management tokens only: `token_use: management`, audience ADMIN_PUBLIC_URL. */
@Injectable()
export class ManagementTokenVerifier {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(token: string | undefined): Promise<AccessTokenClaims> {
    if (!token) throw new InvalidTokenError('a management token is required');
    const claims = await this.verifier.verify(token);
    if (claims.token_use !== 'management' || claims.aud !== this.config.adminPublicUrl) {
      throw new InvalidTokenError('a management token is required', { detail: `token_use ${claims.token_use}` });
    }
    return claims;
  }
}
