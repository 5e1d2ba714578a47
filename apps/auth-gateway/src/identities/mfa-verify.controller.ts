import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { MFA_OTP_GRANT_TYPE } from '@rapidauth/oauth';
import type { Request } from 'express';
import { IdentityLoginAnswers, type IdentityLoginResponse } from './identity-login-answers';
import { ownIdentityParameters, requireField } from './own-identity-body';

/**
 * POST /v3/auth/mfa/verify `{client_id, mfa_token, code, scope?}`: the mfa-otp grant, the second
 * factor of a login answered 403 mfa_required (docs/gateway.md#second-factor-at-login); for a login
 * that enrolled its authenticator, the answer also carries its `recovery_codes`.
 */
@Controller('v3/auth/mfa/verify')
export class MfaVerifyController {
  constructor(private readonly answers: IdentityLoginAnswers) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  verify(@Req() request: Request): Promise<IdentityLoginResponse> {
    const params = ownIdentityParameters(request, ['client_id', 'client_secret', 'mfa_token', 'code', 'scope']);
    requireField(params, 'mfa_token');
    requireField(params, 'code');
    return this.answers.login(request, MFA_OTP_GRANT_TYPE, params);
  }
}
