import { All, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { Logout, readParameters, sessionCookieName } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { setHtmlSecurityHeaders } from '../login/html-security';
import { signedOutPage } from '../login/pages';
import { bearerToken } from './bearer-token';

/** POST /oauth/logout (the access token only) and /oauth/session/end (OIDC RP-Initiated Logout). */
@Controller('oauth')
export class LogoutController {
  constructor(
    private readonly logout: Logout,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('logout')
  @HttpCode(204)
  async logoutToken(@Req() request: Request): Promise<void> {
    await this.logout.logoutAccessToken(bearerToken(request), request.headers.origin);
  }

  @All('session/end')
  async endSession(@Req() request: Request, @Res() response: Response): Promise<void> {
    const https = this.config.publicUrl.startsWith('https:');
    const raw = request.method === 'POST' && request.is('application/x-www-form-urlencoded') ? request.body : request.query;
    const cookies = (request.cookies ?? {}) as Record<string, string>;
    const result = await this.logout.endSession(readParameters(raw), (environmentId) => cookies[sessionCookieName(environmentId)]);
    if (result.clearCookieOf) {
      response.clearCookie(sessionCookieName(result.clearCookieOf), { httpOnly: true, sameSite: 'lax', secure: https, path: '/' });
    }
    if (result.redirect) {
      response.setHeader('Cache-Control', 'no-store');
      response.redirect(303, result.redirect);
      return;
    }
    setHtmlSecurityHeaders(response, { https });
    response.status(200).type('html').send(signedOutPage());
  }
}
