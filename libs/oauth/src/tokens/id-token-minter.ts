import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import type { AppClient } from '../clients/resolved-client';
import type { LoginContext } from '../grants/grant-type';
import { SigningKeys } from '../keys/signing-keys';
import { MAX_TOKEN_LIFETIME_SECONDS } from './token-lifetime';
import { signJwt } from './jwt-signer';
import { idTokenLoginClaims } from './login-claims';

/**
 * OIDC Core §2 ID tokens, signed with the client's registered algorithm (RS256 by default). For
 * the code flow the profile claims come from userinfo (§5.4), so the ID token carries identity
 * and session claims only.
 */
@Injectable()
export class IdTokenMinter {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  mint(client: AppClient, accountId: string, login: LoginContext, now = new Date()): string {
    const iat = Math.floor(now.getTime() / 1000);
    const claims = {
      iss: this.config.publicUrl,
      sub: accountId,
      aud: client.clientId,
      azp: client.clientId,
      iat,
      exp: iat + Math.min(client.service.settings.tokenTtl, MAX_TOKEN_LIFETIME_SECONDS),
      auth_time: Math.floor(login.authTime.getTime() / 1000),
      sid: login.familyId,
      ...idTokenLoginClaims(login.claims),
      ...(login.nonce !== undefined && { nonce: login.nonce }),
    };
    return signJwt(claims, this.keys.signer(client.idTokenSignedResponseAlg, now));
  }
}
