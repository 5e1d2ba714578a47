import { Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { DeviceClients, epochSeconds, type DeviceClientMetadata } from '@rapidauth/devices';
import type { ClientEntity } from '@rapidauth/database';
import { bearerToken, InvalidTokenError } from '@rapidauth/oauth';
import type { Request } from 'express';
import { registrationClientUri } from './device-registration.controller';
import { deviceRefusal } from './device-refusals';
import { DeviceRegistrationAudit } from './device-registration-audit';

export interface DeviceSecretResponse {
  client_secret: string;
  client_secret_expires_at: number;
  registration_access_token: string;
}

/**
 * RFC 7592 for device clients, with `Authorization: Bearer <registration access token>`
 * (docs/gateway.md#device-registration): read (the device validates its registration), a new
 * secret and registration token, and deregistration. A wrong token or a disabled client: 401 invalid_token.
 */
@Controller('v3/devices/clients/:clientId')
export class DeviceClientsController {
  constructor(
    private readonly clients: DeviceClients,
    private readonly audit: DeviceRegistrationAudit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async read(@Req() request: Request, @Param('clientId') clientId: string): Promise<DeviceClientMetadata & { registration_client_uri: string }> {
    const client = await this.authorize(request, clientId);
    return { ...(await this.clients.metadata(client)), registration_client_uri: registrationClientUri(this.config, client.clientId) };
  }

  @Post('secret')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async rotate(@Req() request: Request, @Param('clientId') clientId: string): Promise<DeviceSecretResponse> {
    const token = presented(request);
    const client = await this.authorize(request, clientId);
    const rotated = await this.clients.rotate(client, token).catch((error: unknown) => {
      throw deviceRefusal(error);
    });
    await this.audit.record(request, 'device.rotate_secret', { appSignatureId: client.appSignatureId ?? undefined, environmentId: client.environmentId, clientId: client.clientId });
    return {
      client_secret: rotated.credentials.clientSecret,
      client_secret_expires_at: epochSeconds(rotated.secretExpiresAt),
      registration_access_token: rotated.credentials.registrationAccessToken,
    };
  }

  @Delete()
  @HttpCode(204)
  async deregister(@Req() request: Request, @Param('clientId') clientId: string): Promise<void> {
    const client = await this.authorize(request, clientId);
    const revokedLogins = await this.clients.deregister(client);
    await this.audit.record(request, 'device.deregister', { appSignatureId: client.appSignatureId ?? undefined, environmentId: client.environmentId, clientId: client.clientId }, undefined, { revokedLogins });
  }

  private async authorize(request: Request, clientId: string): Promise<ClientEntity> {
    return this.clients.authorize(clientId, presented(request)).catch((error: unknown) => {
      throw deviceRefusal(error);
    });
  }
}

/** RFC 7592 §3: the registration access token, as an RFC 6750 §2.1 Bearer header only. */
function presented(request: Request): string {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw new InvalidTokenError('the registration access token is missing');
  return token;
}
