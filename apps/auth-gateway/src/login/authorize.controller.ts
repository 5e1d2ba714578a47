import { All, Controller, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { AuthorizationFlow } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { PageErrorFilter } from './page-error.filter';
import { renderAction } from './render-action';

/** GET|POST /v3/oauth/auth (v1 and v2 the same): the authorization endpoint. No CORS here. */
@Controller()
@UseFilters(PageErrorFilter)
export class AuthorizeController {
  constructor(
    private readonly flow: AuthorizationFlow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @All(['v3/oauth/auth', 'v2/oauth/auth', 'v1/oauth/auth'])
  async authorize(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'POST') {
      response.status(405).setHeader('Allow', 'GET, POST').end();
      return;
    }
    const params = request.method === 'POST' && request.is('application/x-www-form-urlencoded') ? request.body : request.query;
    const action = await this.flow.authorize(params as Record<string, unknown>, request.cookies ?? {}, request.ip ?? '');
    renderAction(response, action, { https: this.config.https });
  }
}
