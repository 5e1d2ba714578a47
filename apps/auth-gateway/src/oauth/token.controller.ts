import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { TokenEndpoint, type TokenResponse } from '@rapidauth/oauth';
import type { Request } from 'express';
import { formBody } from './form-body';

/** POST /oauth/token (RFC 6749 §3.2), every grant type. */
@Controller('oauth/token')
export class TokenController {
  constructor(private readonly endpoint: TokenEndpoint) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(@Req() request: Request): Promise<TokenResponse> {
    return this.endpoint.handle({ authorization: request.headers.authorization, body: formBody(request), ip: request.ip ?? '', origin: request.headers.origin });
  }
}
