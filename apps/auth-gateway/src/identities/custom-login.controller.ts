import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { JWT_BEARER_GRANT_TYPE } from '@rapidauth/oauth';
import type { Request } from 'express';
import { IdentityLoginAnswers, type IdentityLoginResponse } from './identity-login-answers';
import { ownIdentityParameters, requireField } from './own-identity-body';

/** POST /v3/auth/custom `{client_id, token, scope?}`: the jwt-bearer grant with `token` as its assertion (docs/gateway.md#custom-token-login). */
@Controller('v3/auth/custom')
export class CustomLoginController {
  constructor(private readonly answers: IdentityLoginAnswers) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  login(@Req() request: Request): Promise<IdentityLoginResponse> {
    const params = ownIdentityParameters(request, ['client_id', 'client_secret', 'token', 'scope'], { token: 'assertion' });
    requireField(params, 'assertion', 'token');
    return this.answers.login(request, JWT_BEARER_GRANT_TYPE, params);
  }
}
