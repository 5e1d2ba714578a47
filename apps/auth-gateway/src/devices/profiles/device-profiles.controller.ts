import { Controller, Delete, Get, Header, HttpCode, Param, Put, Req } from '@nestjs/common';
import { DeviceProfiles, type ProfileView } from '@rapidauth/devices';
import type { Request } from 'express';
import { DeviceCallers } from './device-callers';
import { refusingAsDeviceError } from './device-refusals';
import { profileBody } from './profile-body';

/** Device user profiles (docs/gateway.md#device-profiles): list, PIN, biometric key, deregister. */
@Controller('v3/devices/profiles')
export class DeviceProfilesController {
  constructor(
    private readonly callers: DeviceCallers,
    private readonly profiles: DeviceProfiles,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@Req() request: Request): Promise<{ profiles: ProfileView[] }> {
    return { profiles: await this.profiles.list(await this.callers.of(request)) };
  }

  @Put(':profileId/pin')
  @HttpCode(204)
  async setPin(@Req() request: Request, @Param('profileId') profileId: string): Promise<void> {
    const caller = await this.callers.of(request);
    const body = profileBody(request, { required: ['refresh_token', 'pin'], optional: ['current_pin'] });
    await refusingAsDeviceError(() =>
      this.profiles.setPin(caller, profileId, { refreshToken: body.refresh_token as string, pin: body.pin as string, currentPin: body.current_pin as string | undefined }),
    );
  }

  @Put(':profileId/biometric-key')
  @HttpCode(204)
  async setBiometricKey(@Req() request: Request, @Param('profileId') profileId: string): Promise<void> {
    const caller = await this.callers.of(request);
    const body = profileBody(request, { required: ['refresh_token', 'jwk'], objects: ['jwk'] });
    await refusingAsDeviceError(() => this.profiles.setBiometricKey(caller, profileId, { refreshToken: body.refresh_token as string, jwk: body.jwk }));
  }

  @Delete(':profileId')
  @HttpCode(204)
  async deregister(@Req() request: Request, @Param('profileId') profileId: string): Promise<void> {
    const caller = await this.callers.of(request);
    await refusingAsDeviceError(() => this.profiles.deregister(caller, profileId));
  }
}
