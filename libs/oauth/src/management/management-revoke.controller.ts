import { Controller, Header, Headers, HttpCode, Post } from '@nestjs/common';
import { ManagementTokenRevocation } from './management-token-revocation';

/**
 * POST /management/revoke with `Authorization: Bearer <management token>`, on the gateway and on
 * ADMIN_PORT like /management/token: revokes that token; always 200 `{}`.
 */
@Controller('management/revoke')
export class ManagementRevokeController {
  constructor(private readonly revocation: ManagementTokenRevocation) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async revoke(@Headers('authorization') authorization: string | undefined): Promise<Record<string, never>> {
    await this.revocation.revoke(authorization);
    return {};
  }
}
