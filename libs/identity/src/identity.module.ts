import { Module } from '@nestjs/common';
import { LocalIdentities } from './local/local-identities';
import { LoginThrottle } from './lockout/login-throttle';
import { OneTimeCodes } from './otp/one-time-codes';
import { UpstreamIdentities } from './upstream/upstream-identities';

/** SecretHasher (for OneTimeCodes) comes from the global VaultModule. */
@Module({
  providers: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes],
  exports: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes],
})
export class IdentityModule {}
