import { Controller, Get, Header, HttpCode, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { requestIdOf } from '@rapidauth/observability';
import { AuthorizationFlow } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { LOGIN_CSS } from './login.css';
import { PageErrorFilter } from './page-error.filter';
import { renderAction } from './render-action';

/** The login and consent form posts (also the custom hosted page's post-back), and the page's stylesheet. */
@Controller()
@UseFilters(PageErrorFilter)
export class LoginController {
  constructor(
    private readonly flow: AuthorizationFlow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('v3/oauth/login')
  async login(@Req() request: Request, @Res() response: Response): Promise<void> {
    const action = await this.flow.login(form(request), request.cookies ?? {}, { ip: request.ip ?? '', requestId: requestIdOf(request) });
    renderAction(response, action, { https: this.config.https });
  }

  @Post('v3/oauth/login/mfa')
  async secondFactor(@Req() request: Request, @Res() response: Response): Promise<void> {
    const action = await this.flow.secondFactor(form(request), request.cookies ?? {}, request.ip ?? '');
    renderAction(response, action, { https: this.config.https });
  }

  @Post('v3/oauth/consent')
  async consent(@Req() request: Request, @Res() response: Response): Promise<void> {
    const action = await this.flow.consent(form(request), request.cookies ?? {});
    renderAction(response, action, { https: this.config.https });
  }

  @Get('static/login.css')
  @HttpCode(200)
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return LOGIN_CSS;
  }
}

function form(request: Request): Record<string, unknown> {
  return request.is('application/x-www-form-urlencoded') ? (request.body as Record<string, unknown>) : {};
}
