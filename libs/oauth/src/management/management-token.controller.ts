import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { readParameters } from '../token-endpoint/token-parameters';
import { ManagementTokens, type ManagementTokenResponse } from './management-tokens';

/** POST /management/token, on the gateway and on ADMIN_PORT; JSON or form bodies (Usergrid sends JSON). */
@Controller('management/token')
export class ManagementTokenController {
  constructor(private readonly tokens: ManagementTokens) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(@Req() request: Request): Promise<ManagementTokenResponse> {
    return this.tokens.issue(readParameters(request.body ?? {}), request.ip ?? '');
  }
}
