import { Controller, Header, HttpCode, Param, Post, Req } from '@nestjs/common';
import { readParameters, UsergridTokens, usergridParameters, type UsergridTokenResponse } from '@rapidauth/oauth';
import type { Request } from 'express';

/**
 * POST /:org/:app/token (docs/gateway.md#usergrid-token-endpoints): Usergrid application users and application clients.
 * JSON whatever the Content-Type, or a form; the app keeps the body raw for `usergridParameters`.
 */
@Controller(':organization/:app/token')
export class UsergridTokenController {
  constructor(private readonly tokens: UsergridTokens) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(@Param('organization') organization: string, @Param('app') app: string, @Req() request: Request): Promise<UsergridTokenResponse> {
    return this.tokens.issue({ organization, app }, readParameters(usergridParameters(request.body)), {
      authorization: request.headers.authorization,
      ip: request.ip ?? '',
    });
  }
}
