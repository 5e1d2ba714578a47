import { Module } from '@nestjs/common';
import { CustomTokenReplays } from './custom-token/custom-token-replays.repository';
import { CustomTokens } from './custom-token/custom-tokens';
import { DELIVERY_PROVIDERS } from './delivery/delivery.providers';
import { MessageDelivery } from './delivery/message-delivery';
import { DELIVERY_AVAILABILITY } from './delivery/delivery-availability';
import { EmailIdentities } from './email/email-identities';
import { LocalIdentities } from './local/local-identities';
import { LoginThrottle } from './lockout/login-throttle';
import { MfaChallenges } from './mfa/mfa-challenges';
import { RecoveryCodes } from './mfa/recovery-codes';
import { TotpFactors } from './mfa/totp-factors';
import { OneTimeCodes } from './otp/one-time-codes';
import { PhoneCodes } from './phone/phone-codes';
import { IdentityMethods } from './settings/identity-methods';
import { UpstreamIdentities } from './upstream/upstream-identities';

/**
 * SecretHasher (one-time codes, the second factor) and Vault (identity-method and TOTP secrets) come
 * from the global VaultModule, APP_CONFIG (delivery) from the global ConfigModule.
 */
@Module({
  providers: [
    LocalIdentities,
    LoginThrottle,
    UpstreamIdentities,
    EmailIdentities,
    OneTimeCodes,
    CustomTokenReplays,
    CustomTokens,
    IdentityMethods,
    ...DELIVERY_PROVIDERS,
    TotpFactors,
    RecoveryCodes,
    MfaChallenges,
    PhoneCodes,
  ],
  exports: [LocalIdentities, EmailIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, CustomTokens, IdentityMethods, MessageDelivery, DELIVERY_AVAILABILITY, TotpFactors, RecoveryCodes, MfaChallenges, PhoneCodes],
})
export class IdentityModule {}
