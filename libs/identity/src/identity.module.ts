import { Module } from '@nestjs/common';
import { CustomTokenReplays } from './custom-token/custom-token-replays.repository';
import { CustomTokens } from './custom-token/custom-tokens';
import { LocalIdentities } from './local/local-identities';
import { LoginThrottle } from './lockout/login-throttle';
import { OneTimeCodes } from './otp/one-time-codes';
import { UpstreamIdentities } from './upstream/upstream-identities';

/** SecretHasher (for OneTimeCodes) comes from the global VaultModule. */
@Module({
  providers: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, CustomTokenReplays, CustomTokens],
  exports: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, CustomTokens],
})
export class IdentityModule {}
