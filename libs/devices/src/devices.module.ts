import { Global, Module } from '@nestjs/common';
import { DEVICE_PROFILE_GUARD, OAuthModule } from '@rapidauth/oauth';
import { TenancyModule } from '@rapidauth/tenancy';
import { AppSignatureRepository } from './app-signatures/app-signature.repository';
import { AppSignatures } from './app-signatures/app-signatures';
import { DeviceProfiles } from './profiles/device-profiles';
import { ProfilePins } from './profiles/profile-pins';
import { ProfileRefreshGuard } from './profiles/profile-refresh-guard';
import { ProfileRepository } from './profiles/profile.repository';
import { DeviceClients } from './registration/device-clients';
import { DeviceRegistrationRepository } from './registration/device-registration.repository';
import { DeviceRegistrations } from './registration/device-registrations';

/**
 * Device registration's server side and device user profiles; Vault comes from the global
 * VaultModule, revoking device logins from OAuthModule, announcing changed device clients from
 * TenancyModule. It fills OAuthModule's optional DEVICE_PROFILE_GUARD port, so it is global (it
 * cannot be imported by OAuthModule, which it builds on): Nest offers a global module's exports to
 * every module of the app, OAuthModule included.
 */
@Global()
@Module({
  imports: [OAuthModule, TenancyModule],
  providers: [
    AppSignatures,
    AppSignatureRepository,
    DeviceRegistrations,
    DeviceRegistrationRepository,
    DeviceClients,
    ProfileRepository,
    ProfilePins,
    ProfileRefreshGuard,
    DeviceProfiles,
    { provide: DEVICE_PROFILE_GUARD, useExisting: ProfileRefreshGuard },
  ],
  exports: [AppSignatures, DeviceRegistrations, DeviceClients, DeviceProfiles, DEVICE_PROFILE_GUARD],
})
export class DevicesModule {}
