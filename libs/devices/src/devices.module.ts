import { Module } from '@nestjs/common';
import { OAuthModule } from '@rapidauth/oauth';
import { TenancyModule } from '@rapidauth/tenancy';
import { AppSignatureRepository } from './app-signatures/app-signature.repository';
import { AppSignatures } from './app-signatures/app-signatures';
import { DeviceClients } from './registration/device-clients';
import { DeviceRegistrationRepository } from './registration/device-registration.repository';
import { DeviceRegistrations } from './registration/device-registrations';

/** Device registration's server side; Vault comes from the global VaultModule, revoking device logins from OAuthModule,
 * announcing changed device clients from TenancyModule. */
@Module({
  imports: [OAuthModule, TenancyModule],
  providers: [AppSignatures, AppSignatureRepository, DeviceRegistrations, DeviceRegistrationRepository, DeviceClients],
  exports: [AppSignatures, DeviceRegistrations, DeviceClients],
})
export class DevicesModule {}
