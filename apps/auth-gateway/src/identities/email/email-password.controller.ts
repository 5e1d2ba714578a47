import { Controller, Header, HttpCode, Post, Put, Req, UseGuards } from '@nestjs/common';
import type { AccountLogin } from '@rapidauth/oauth';
import type { Request } from 'express';
import { AccountLoginGuard, CurrentLogin, FreshLoginRequired, NoStore } from '../account/account-login.guard';
import { emailParameters, emailRequest, requireFields } from './email-body';
import { EmailFlows, type CodeSent } from './email-flows';

/** Password reset by a mailed code, and a signed-in user's password change (docs/gateway.md#email-login). */
@Controller('v3/auth/email')
export class EmailPasswordController {
  constructor(private readonly flows: EmailFlows) {}

  /** `{client_id, email}`: a reset code, 202 whether the address is known or not. */
  @Post('password-reset')
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  reset(@Req() request: Request): Promise<CodeSent> {
    const params = emailParameters(request, ['client_id', 'client_secret', 'email']);
    requireFields(params, 'email');
    return this.flows.sendPasswordReset(emailRequest(request, params));
  }

  /** `{client_id, email, code, password}` → 204; every login of the account is revoked. */
  @Post('password-reset/confirm')
  @HttpCode(204)
  @Header('Cache-Control', 'no-store')
  async confirm(@Req() request: Request): Promise<void> {
    const params = emailParameters(request, ['client_id', 'client_secret', 'email', 'code', 'password']);
    requireFields(params, 'email', 'code', 'password');
    await this.flows.confirmPasswordReset(emailRequest(request, params));
  }

  /** `{password}` with a fresh login's Bearer token → 204. */
  @Put('password')
  @HttpCode(204)
  @NoStore()
  @UseGuards(AccountLoginGuard)
  @FreshLoginRequired()
  async change(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<void> {
    const params = emailParameters(request, ['password']);
    requireFields(params, 'password');
    await this.flows.changePassword(login, params.password);
  }
}
