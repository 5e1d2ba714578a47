import { Module } from '@nestjs/common';
import { IdentityModule } from '@rapidauth/identity';
import { OAuthModule } from '../oauth.module';
import { ManagementRevokeController } from './management-revoke.controller';
import { ManagementTokenRevocation } from './management-token-revocation';
import { ManagementTokenController } from './management-token.controller';
import { ManagementTokenVerifier } from './management-token-verifier';
import { ManagementTokens } from './management-tokens';

/**
 * Management tokens (docs/admin-api.md#authentication): POST /management/token and
 * /management/revoke, served wherever this module is imported (the gateway and ADMIN_PORT), and the
 * verifier the admin API's guard accepts them with. Built on OAuthModule's signing, revocation and
 * rate limits.
 */
@Module({
  imports: [OAuthModule, IdentityModule],
  controllers: [ManagementTokenController, ManagementRevokeController],
  providers: [ManagementTokens, ManagementTokenVerifier, ManagementTokenRevocation],
  exports: [ManagementTokens, ManagementTokenVerifier],
})
export class ManagementModule {}
