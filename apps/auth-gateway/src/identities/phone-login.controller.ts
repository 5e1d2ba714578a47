import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { PHONE_OTP_GRANT_TYPE, PhoneCodeSends, type CodeSent } from '@rapidauth/oauth';
import type { Request } from 'express';
import { IdentityLoginAnswers, type IdentityLoginResponse } from './identity-login-answers';
import { ownIdentityParameters, requireField } from './own-identity-body';

/**
 * POST /v3/auth/phone/otp `{client_id, phoneNumber}` sends a code by SMS; POST
 * /v3/auth/phone/otp/verify `{client_id, phoneNumber, code, scope?}` is the phone-otp grant
 * (docs/gateway.md#phone-login).
 */
@Controller('v3/auth/phone/otp')
export class PhoneLoginController {
  constructor(
    private readonly answers: IdentityLoginAnswers,
    private readonly sends: PhoneCodeSends,
  ) {}

  @Post()
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  send(@Req() request: Request): Promise<CodeSent> {
    const body = ownIdentityParameters(request, ['client_id', 'client_secret', 'phoneNumber'], { phoneNumber: 'phone_number' });
    return this.sends.send({ authorization: request.headers.authorization, body, origin: request.headers.origin, origins: this.answers.origins });
  }

  @Post('verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  verify(@Req() request: Request): Promise<IdentityLoginResponse> {
    const params = ownIdentityParameters(request, ['client_id', 'client_secret', 'phoneNumber', 'code', 'scope'], { phoneNumber: 'phone_number' });
    requireField(params, 'phone_number', 'phoneNumber');
    requireField(params, 'code');
    return this.answers.login(request, PHONE_OTP_GRANT_TYPE, params);
  }
}
