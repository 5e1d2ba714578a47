import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { AuthorizationFlow } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { PageErrorFilter } from './page-error.filter';
import { renderAction } from './render-action';

/**
 * The browser's way back from an IdP (docs/gateway.md#redirect-logins): the OAuth2/OIDC callback
 * the IdP redirects to, and the resume in the browser that started the login, where its binding
 * cookie (path /v3/oauth) is sent.
 */
@Controller()
@UseFilters(PageErrorFilter)
export class RedirectLoginController {
  constructor(
    private readonly flow: AuthorizationFlow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('oauth2/:serviceId/callback')
  async callback(@Param('serviceId') serviceId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const action = await this.flow.redirectCallback(serviceId, request.query as Record<string, unknown>, request.ip ?? '');
    renderAction(response, action, { https: this.config.https });
  }

  @Get('v3/oauth/resume')
  async resume(@Req() request: Request, @Res() response: Response): Promise<void> {
    const action = await this.flow.resume(request.query as Record<string, unknown>, request.cookies ?? {});
    renderAction(response, action, { https: this.config.https });
  }
}
