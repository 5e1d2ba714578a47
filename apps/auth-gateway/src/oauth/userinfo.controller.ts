import { Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { InvalidRequestError, UserInfo } from '@rapidauth/oauth';
import type { Request } from 'express';
import { presentedToken } from './bearer-token';

/** GET|POST /oauth/userinfo (OIDC Core §5.3). */
@Controller('oauth/userinfo')
export class UserInfoController {
  constructor(private readonly userInfo: UserInfo) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  get(@Req() request: Request): Promise<Record<string, unknown>> {
    return this.userInfo.claims(presentedToken(request), request.headers.origin, presenterClientId(request));
  }

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  post(@Req() request: Request): Promise<Record<string, unknown>> {
    return this.userInfo.claims(presentedToken(request), request.headers.origin, presenterClientId(request));
  }
}

/**
 * The optional `client_id` of the app presenting another app's token (docs/gateway.md#sso-across-apps),
 * from the query or the form body, given once.
 */
function presenterClientId(request: Request): string | undefined {
  const body = request.is('application/x-www-form-urlencoded') ? (request.body as Record<string, unknown>) : {};
  const given = [request.query.client_id, body.client_id].filter((value) => value !== undefined && value !== '');
  if (given.length === 0) return undefined;
  if (given.length > 1 || typeof given[0] !== 'string') {
    throw new InvalidRequestError('client_id must be given once, as a string', { code: 'DUPLICATE_PARAMETER' });
  }
  return given[0];
}
