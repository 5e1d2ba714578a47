import { Controller, Delete, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { TotpEnrolment } from '@rapidauth/identity';
import type { AccountLogin } from '@rapidauth/oauth';
import type { Request } from 'express';
import { requestOrigin } from './account.controller';
import { MfaEnrolmentAtSignIn } from '../mfa-enrolment-at-sign-in';
import { AccountLoginGuard, CurrentLogin, FreshLoginRequired, NoStore, OrSignInChallenge, SignInOrLogin } from './account-login.guard';
import { accountParameters, requiredParameter } from './account-parameters';
import { AccountSelfService } from './account-self-service';

/**
 * The account's TOTP authenticator and recovery codes (docs/gateway.md#second-factor-enrolment);
 * enrolling also serves a sign-in that must enrol one first (docs/gateway.md#second-factor-at-login).
 */
@Controller('v3/auth/mfa')
@UseGuards(AccountLoginGuard)
export class MfaEnrolmentController {
  constructor(
    private readonly account: AccountSelfService,
    private readonly atSignIn: MfaEnrolmentAtSignIn,
  ) {}

  /** With a Bearer token (a fresh login) the account's; without, the sign-in's its `mfa_token` names. */
  @Post('totp')
  @HttpCode(200)
  @NoStore()
  @FreshLoginRequired()
  @OrSignInChallenge()
  enrol(@SignInOrLogin() login: AccountLogin | undefined, @Req() request: Request): Promise<TotpEnrolment> {
    if (!login) return this.atSignIn.begin(request);
    accountParameters(request, []);
    return this.account.enrolTotp(login, requestOrigin(request));
  }

  /** Not behind a fresh login: the user types the first code after scanning, which may take a while. */
  @Post('totp/confirm')
  @HttpCode(200)
  @NoStore()
  confirm(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<{ recoveryCodes: string[] }> {
    const code = requiredParameter(accountParameters(request, ['code']), 'code');
    return this.account.confirmTotp(login, code, requestOrigin(request));
  }

  @Delete('totp')
  @HttpCode(204)
  @NoStore()
  @FreshLoginRequired()
  remove(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<void> {
    accountParameters(request, []);
    return this.account.removeTotp(login, requestOrigin(request));
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @NoStore()
  @FreshLoginRequired()
  regenerateRecoveryCodes(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<{ recoveryCodes: string[] }> {
    accountParameters(request, []);
    return this.account.regenerateRecoveryCodes(login, requestOrigin(request));
  }
}
