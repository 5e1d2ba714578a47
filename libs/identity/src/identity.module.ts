import { Module } from '@nestjs/common';
import { LocalIdentities } from './local/local-identities';
import { LoginThrottle } from './lockout/login-throttle';
import { OneTimeCodes } from './otp/one-time-codes';
import { MfaChallenges } from './mfa/mfa-challenges';
import { RecoveryCodes } from './mfa/recovery-codes';
import { TotpFactors } from './mfa/totp-factors';
import { UpstreamIdentities } from './upstream/upstream-identities';

/** SecretHasher (for OneTimeCodes and the second factor) and Vault (TOTP secrets) come from the global VaultModule. */
@Module({
  providers: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, TotpFactors, RecoveryCodes, MfaChallenges],
  exports: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, TotpFactors, RecoveryCodes, MfaChallenges],
})
export class IdentityModule {}
