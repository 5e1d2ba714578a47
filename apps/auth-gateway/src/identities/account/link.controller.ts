import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { LinkTickets, type AccountLogin, type AccountView } from '@rapidauth/oauth';
import type { Request } from 'express';
import { EmailFlows, type CodeSent } from '../email/email-flows';
import { ownIdentityParameters } from '../own-identity-body';
import { requestOrigin } from './account.controller';
import { AccountLoginGuard, CurrentLogin, FreshLoginRequired, NoStore } from './account-login.guard';
import { accountParameters, MAX_EMAIL_LENGTH, requiredParameter } from './account-parameters';
import { AccountSelfService } from './account-self-service';

/** POST /v3/auth/link: another identity bound to the Bearer token's account (docs/gateway.md#linking-identities). */
@Controller('v3/auth/link')
@UseGuards(AccountLoginGuard)
export class LinkController {
  constructor(
    private readonly account: AccountSelfService,
    private readonly tickets: LinkTickets,
    private readonly emailFlows: EmailFlows,
  ) {}

  @Post()
  @HttpCode(200)
  @NoStore()
  @FreshLoginRequired()
  link(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<AccountView> {
    const body = ownIdentityParameters(request, Object.keys(request.body ?? {}));
    return this.account.link(login, body, requestOrigin(request));
  }

  /** `{email}`: a code for the `email-otp` link, mailed to the address (202 `{expires_in, resend_after}`). */
  @Post('email-otp')
  @HttpCode(202)
  @NoStore()
  @FreshLoginRequired()
  emailCode(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<CodeSent> {
    const params = accountParameters(request, ['email'], MAX_EMAIL_LENGTH);
    return this.emailFlows.sendLinkCode(login, requiredParameter(params, 'email'));
  }

  /** A link ticket for a connector login (`link_ticket` at /v3/oauth/auth) that binds its identity to this account. */
  @Post('ticket')
  @HttpCode(200)
  @NoStore()
  @FreshLoginRequired()
  ticket(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<{ link_ticket: string; expires_in: number }> {
    accountParameters(request, []);
    return this.tickets.issue(login);
  }
}
