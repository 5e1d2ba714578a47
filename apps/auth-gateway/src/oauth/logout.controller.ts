import { All, Controller, HttpCode, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { Logout, OAuthError, readParameters, sessionCookieName, type EndSessionOutcome } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { cspSource, setHtmlSecurityHeaders } from '../login/html-security';
import { PageErrorFilter } from '../login/page-error.filter';
import { errorPage, signedOutPage, signOutConfirmationPage } from '../login/pages';
import { presentedToken } from './bearer-token';

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
    await this.logout.logoutAccessToken(presentedToken(request), request.headers.origin);
  }

  @All('session/end')
  // A browser route: a database outage is the 503 error page, as on the login pages.
  @UseFilters(PageErrorFilter)
  async endSession(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { https } = this.config;
    const raw = request.method === 'POST' && request.is('application/x-www-form-urlencoded') ? request.body : request.query;
    const cookies = (request.cookies ?? {}) as Record<string, string>;
    let outcome: EndSessionOutcome;
    try {
      outcome = await this.logout.endSession(readParameters(raw), request.method, (environmentId) => cookies[sessionCookieName(environmentId)]);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      setHtmlSecurityHeaders(response, { https });
      response.status(400).type('html').send(errorPage(error));
      return;
    }
    if (outcome.kind === 'confirm') {
      const formTargets = outcome.redirect ? [cspSource(outcome.redirect)!] : [];
      setHtmlSecurityHeaders(response, { https, formTargets });
      response.status(200).type('html').send(signOutConfirmationPage(outcome));
      return;
    }
    response.clearCookie(sessionCookieName(outcome.clearCookieOf), { httpOnly: true, sameSite: 'lax', secure: https, path: '/' });
    if (outcome.redirect) {
      response.setHeader('Cache-Control', 'no-store');
      response.redirect(303, outcome.redirect);
      return;
    }
    setHtmlSecurityHeaders(response, { https });
    response.status(200).type('html').send(signedOutPage());
  }
}
