import { Module } from '@nestjs/common';
import { DevicesModule } from '@rapidauth/devices';
import { OAuthModule } from '@rapidauth/oauth';
import { DeviceCallers } from './device-callers';
import { DeviceProfilesController } from './device-profiles.controller';

/** The device-profile endpoints (`/v3/devices/profiles`); DevicesModule also unlocks the PIN and biometric refresh grants. */
@Module({
  imports: [OAuthModule, DevicesModule],
  controllers: [DeviceProfilesController],
  providers: [DeviceCallers],
})
export class DeviceProfilesModule {}
