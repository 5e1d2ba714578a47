import { Controller, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { DeviceRegistrations, RegistrationRefusedError, type DeviceClientMetadata } from '@rapidauth/devices';
import { RateLimits } from '@rapidauth/oauth';
import type { Request } from 'express';
import { deviceBody, type FieldRule } from './device-body';
import { deviceRefusal } from './device-refusals';
import { DeviceRegistrationAudit } from './device-registration-audit';

const CHALLENGE_FIELDS = {
  identifier: { required: true, pattern: /^(?=.{1,200}$)[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, message: 'must be 1-200 characters: dot-separated letters, digits, _ or -' },
  version: { required: true, pattern: /^[A-Za-z0-9._+-]{1,50}$/, message: 'must be 1-50 letters, digits, ., _, + or -' },
  platform: { required: true, pattern: /^(android|ios)$/, message: 'must be android or ios' },
} satisfies Record<string, FieldRule>;

const REGISTER_FIELDS = {
  registration_id: { required: true, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, message: 'must be the registration_id of a challenge' },
  ocra_response: { required: true, pattern: /^\d{6,10}$/, message: 'must be the 6-10 digit OCRA response' },
  client_name: { required: false, pattern: /^[^\p{Cc}]{1,200}$/u, message: 'must be 1-200 characters without control characters' },
} satisfies Record<string, FieldRule>;

export interface DeviceChallengeResponse {
  registration_id: string;
  ocra_suite: string;
  challenge: string;
  expires_in: number;
}

/** RFC 7591 §3.2.1 client information response, with the RFC 7592 §3 management credentials. */
export interface DeviceRegistrationResponse extends DeviceClientMetadata {
  client_secret: string;
  registration_access_token: string;
  registration_client_uri: string;
}

/** Where a device client's RFC 7592 endpoint is. */
export function registrationClientUri(config: AppConfig, clientId: string): string {
  return `${config.publicUrl}/v3/devices/clients/${encodeURIComponent(clientId)}`;
}

/**
 * `POST /v3/devices/challenge` and `POST /v3/devices/register` (docs/gateway.md#device-registration):
 * each rate-limited per address, each outcome audited.
 */
@Controller('v3/devices')
export class DeviceRegistrationController {
  constructor(
    private readonly registrations: DeviceRegistrations,
    private readonly rateLimits: RateLimits,
    private readonly audit: DeviceRegistrationAudit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('challenge')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async challenge(@Req() request: Request): Promise<DeviceChallengeResponse> {
    await this.rateLimits.deviceRegistrationStep('challenge', request.ip ?? '');
    const build = deviceBody(request, CHALLENGE_FIELDS) as Record<keyof typeof CHALLENGE_FIELDS, string>;
    try {
      const issued = await this.registrations.challenge(build);
      await this.audit.record(request, 'device.challenge', { appSignatureId: issued.signature.id, environmentId: issued.signature.environmentId }, undefined, { registrationId: issued.registrationId });
      return { registration_id: issued.registrationId, ocra_suite: issued.ocraSuite, challenge: issued.challenge, expires_in: issued.expiresIn };
    } catch (error) {
      if (error instanceof RegistrationRefusedError) await this.audit.record(request, 'device.challenge', {}, error.code, { ...build });
      throw deviceRefusal(error);
    }
  }

  @Post('register')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  async register(@Req() request: Request): Promise<DeviceRegistrationResponse> {
    await this.rateLimits.deviceRegistrationStep('register', request.ip ?? '');
    const body = deviceBody(request, REGISTER_FIELDS);
    const registrationId = body.registration_id!;
    try {
      const device = await this.registrations.register(registrationId, body.ocra_response!, body.client_name);
      const { signature, metadata, credentials } = device;
      await this.audit.record(request, 'device.register', { appSignatureId: signature.id, environmentId: signature.environmentId, clientId: metadata.client_id }, undefined, {
        registrationId,
        clientId: metadata.client_id,
        stepOffset: device.stepOffset,
      });
      return {
        ...metadata,
        client_secret: credentials.clientSecret,
        registration_access_token: credentials.registrationAccessToken,
        registration_client_uri: registrationClientUri(this.config, metadata.client_id),
      };
    } catch (error) {
      if (error instanceof RegistrationRefusedError) {
        await this.audit.record(request, 'device.register', { appSignatureId: error.signature?.id, environmentId: error.signature?.environmentId }, error.code, { registrationId });
      }
      throw deviceRefusal(error);
    }
  }
}
