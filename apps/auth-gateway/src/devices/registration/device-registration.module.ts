import { Module } from '@nestjs/common';
import { AccessModule } from '@rapidauth/access';
import { DevicesModule } from '@rapidauth/devices';
import { OAuthModule } from '@rapidauth/oauth';
import { DeviceClientsController } from './device-clients.controller';
import { DeviceRegistrationAudit } from './device-registration-audit';
import { DeviceRegistrationController } from './device-registration.controller';

/** Device registration and its RFC 7592 endpoints (`/v3/devices/challenge`, `/register`, `/clients/:client_id`). */
@Module({
  imports: [OAuthModule, DevicesModule, AccessModule],
  controllers: [DeviceRegistrationController, DeviceClientsController],
  providers: [DeviceRegistrationAudit],
})
export class DeviceRegistrationModule {}
