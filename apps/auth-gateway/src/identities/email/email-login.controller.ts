import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { EMAIL_OTP_GRANT_TYPE, EMAIL_PASSWORD_GRANT_TYPE } from '@rapidauth/oauth';
import type { Request } from 'express';
import { IdentityLoginAnswers, type IdentityLoginResponse } from '../identity-login-answers';
import { ownIdentityParameters } from '../own-identity-body';
import { emailParameters, emailRequest, requireFields } from './email-body';
import { EmailFlows, type CodeSent } from './email-flows';

/** Email logins (docs/gateway.md#email-login): password, or a code mailed to the address. */
@Controller('v3/auth/email')
export class EmailLoginController {
  constructor(
    private readonly answers: IdentityLoginAnswers,
    private readonly flows: EmailFlows,
  ) {}

  /** `{client_id, email, password, scope?}`: the email-password grant. */
  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  login(@Req() request: Request): Promise<IdentityLoginResponse> {
    return this.answers.login(request, EMAIL_PASSWORD_GRANT_TYPE, ownIdentityParameters(request, ['client_id', 'client_secret', 'email', 'password', 'scope']));
  }

  /** `{client_id, email}`: a sign-in code, 202 `{expires_in, resend_after}` whether the address is known or not. */
  @Post('otp')
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  sendCode(@Req() request: Request): Promise<CodeSent> {
    const params = emailParameters(request, ['client_id', 'client_secret', 'email']);
    requireFields(params, 'email');
    return this.flows.sendLoginCode(emailRequest(request, params));
  }

  /** `{client_id, email, code, scope?}`: the email-otp grant. */
  @Post('otp/verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  verifyCode(@Req() request: Request): Promise<IdentityLoginResponse> {
    return this.answers.login(request, EMAIL_OTP_GRANT_TYPE, ownIdentityParameters(request, ['client_id', 'client_secret', 'email', 'code', 'scope']));
  }
}
