import { Module } from '@nestjs/common';
import { DELIVERY_PROVIDERS } from './delivery/delivery.providers';
import { MessageDelivery } from './delivery/message-delivery';
import { DELIVERY_AVAILABILITY } from './delivery/delivery-availability';
import { LocalIdentities } from './local/local-identities';
import { LoginThrottle } from './lockout/login-throttle';
import { OneTimeCodes } from './otp/one-time-codes';
import { UpstreamIdentities } from './upstream/upstream-identities';

/** SecretHasher (for OneTimeCodes) comes from the global VaultModule, APP_CONFIG (for delivery) from the global ConfigModule. */
@Module({
  providers: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, ...DELIVERY_PROVIDERS],
  exports: [LocalIdentities, LoginThrottle, UpstreamIdentities, OneTimeCodes, MessageDelivery, DELIVERY_AVAILABILITY],
})
export class IdentityModule {}
