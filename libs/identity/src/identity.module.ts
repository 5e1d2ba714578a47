import { Module } from '@nestjs/common';
import { CustomTokenReplays } from './custom-token/custom-token-replays.repository';
import { CustomTokens } from './custom-token/custom-tokens';
import { LocalIdentities } from './local/local-identities';
import { LoginThrottle } from './lockout/login-throttle';
import { OneTimeCodes } from './otp/one-time-codes';
import { IdentityMethods } from './settings/identity-methods';
import { UpstreamIdentities } from './upstream/upstream-identities';

/** SecretHasher (for OneTimeCodes) and Vault (for IdentityMethods) come from the global VaultModule. */
@Module({
  providers: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, CustomTokenReplays, CustomTokens, IdentityMethods],
  exports: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, CustomTokens, IdentityMethods],
})
export class IdentityModule {}
