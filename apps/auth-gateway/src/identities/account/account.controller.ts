import { Controller, Delete, Get, HttpCode, Param, Req, UseGuards } from '@nestjs/common';
import type { AccountLogin, AccountView } from '@rapidauth/oauth';
import type { Request } from 'express';
import { AccountLoginGuard, CurrentLogin, FreshLoginRequired, NoStore } from './account-login.guard';
import { accountParameters } from './account-parameters';
import { AccountSelfService, type RequestOrigin } from './account-self-service';

/** The account of the Bearer token's login (docs/gateway.md#account-self-service). */
@Controller('v3/auth')
@UseGuards(AccountLoginGuard)
export class AccountController {
  constructor(private readonly account: AccountSelfService) {}

  @Get('account')
  @NoStore()
  view(@CurrentLogin() login: AccountLogin): Promise<AccountView> {
    return this.account.view(login);
  }

  @Delete('identities/:id')
  @HttpCode(204)
  @NoStore()
  @FreshLoginRequired()
  unlink(@CurrentLogin() login: AccountLogin, @Param('id') id: string, @Req() request: Request): Promise<void> {
    accountParameters(request, []);
    return this.account.unlink(login, id, requestOrigin(request));
  }

  @Delete('identity')
  @HttpCode(200)
  @NoStore()
  @FreshLoginRequired()
  removeIdentity(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<{ accountRemoved: boolean }> {
    accountParameters(request, []);
    return this.account.removeCurrentIdentity(login, requestOrigin(request));
  }

  @Delete('account')
  @HttpCode(204)
  @NoStore()
  @FreshLoginRequired()
  removeAccount(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<void> {
    accountParameters(request, []);
    return this.account.removeAccount(login, requestOrigin(request));
  }
}

/** The caller's address (as TRUST_PROXY resolves it) and user agent, for the audit log. */
export function requestOrigin(request: Request): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}
