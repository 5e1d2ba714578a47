import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ANONYMOUS_GRANT_TYPE } from '@rapidauth/oauth';
import type { Request } from 'express';
import { IdentityLoginAnswers, type IdentityLoginResponse } from './identity-login-answers';
import { ownIdentityParameters } from './own-identity-body';

/** POST /v3/auth/anonymous `{client_id, scope?}`: the anonymous grant (docs/gateway.md#anonymous-login). */
@Controller('v3/auth/anonymous')
export class AnonymousLoginController {
  constructor(private readonly answers: IdentityLoginAnswers) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  login(@Req() request: Request): Promise<IdentityLoginResponse> {
    return this.answers.login(request, ANONYMOUS_GRANT_TYPE, ownIdentityParameters(request, ['client_id', 'client_secret', 'scope']));
  }
}
