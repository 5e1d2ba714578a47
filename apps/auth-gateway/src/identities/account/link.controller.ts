import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { AccountLogin, AccountView } from '@rapidauth/oauth';
import type { Request } from 'express';
import { ownIdentityParameters } from '../own-identity-body';
import { requestOrigin } from './account.controller';
import { AccountLoginGuard, CurrentLogin, FreshLoginRequired, NoStore } from './account-login.guard';
import { AccountSelfService } from './account-self-service';

/** POST /v3/auth/link: another identity bound to the Bearer token's account (docs/gateway.md#linking-identities). */
@Controller('v3/auth/link')
@UseGuards(AccountLoginGuard)
export class LinkController {
  constructor(private readonly account: AccountSelfService) {}

  @Post()
  @HttpCode(200)
  @NoStore()
  @FreshLoginRequired()
  link(@CurrentLogin() login: AccountLogin, @Req() request: Request): Promise<AccountView> {
    const body = ownIdentityParameters(request, Object.keys(request.body ?? {}));
    return this.account.link(login, body, requestOrigin(request));
  }
}
