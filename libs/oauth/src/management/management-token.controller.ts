import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { readParameters } from '../token-endpoint/token-parameters';
import { usergridParameters } from '../usergrid/usergrid-body';
import { ManagementTokens, type ManagementTokenResponse } from './management-tokens';

/**
 * POST /management/token, on the gateway and on ADMIN_PORT; JSON (whatever the Content-Type, as
 * Usergrid's curl examples send it) or form bodies. The app keeps the body raw (`usergridRawBody`).
 */
@Controller('management/token')
export class ManagementTokenController {
  constructor(private readonly tokens: ManagementTokens) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(@Req() request: Request): Promise<ManagementTokenResponse> {
    return this.tokens.issue(readParameters(usergridParameters(request.body)), request.ip ?? '');
  }
}
