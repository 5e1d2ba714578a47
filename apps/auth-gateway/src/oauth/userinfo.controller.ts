import { Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { UserInfo } from '@rapidauth/oauth';
import type { Request } from 'express';
import { bearerToken } from './bearer-token';

/** GET|POST /oauth/userinfo (OIDC Core §5.3). */
@Controller('oauth/userinfo')
export class UserInfoController {
  constructor(private readonly userInfo: UserInfo) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  get(@Req() request: Request): Promise<Record<string, unknown>> {
    return this.userInfo.claims(bearerToken(request), request.headers.origin);
  }

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  post(@Req() request: Request): Promise<Record<string, unknown>> {
    return this.userInfo.claims(bearerToken(request), request.headers.origin);
  }
}
