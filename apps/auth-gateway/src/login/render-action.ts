import { randomBytes } from 'node:crypto';
import { ServiceUnavailableError, TooManyRequestsError, type AuthorizationAction, type Cookie } from '@rapidauth/oauth';
import type { Response } from 'express';
import { cspSource, setHtmlSecurityHeaders } from './html-security';
import { autoPostPage, consentPage, errorPage, loginPage, mfaPage, recoveryCodesPage } from './pages';

/**
 * Sends what the authorization flow decided: cookies, then a 303 (never 307: the browser must
 * not repost credentials, RFC 9700 §4.12) or an HTML page with the security headers.
 */
export function renderAction(response: Response, action: AuthorizationAction, options: { https: boolean }): void {
  for (const cookie of action.cookies) setCookie(response, cookie, options.https);
  switch (action.kind) {
    case 'redirect':
      response.setHeader('Cache-Control', 'no-store');
      response.redirect(303, action.location);
      return;
    case 'error-page': {
      setHtmlSecurityHeaders(response, options);
      const { error } = action;
      const limited = error instanceof TooManyRequestsError;
      if (limited || error instanceof ServiceUnavailableError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      // A bad link is the client's fault (400 whatever its JSON status); rate limits and the server's own failures keep theirs.
      response.status(limited || error.status >= 500 ? error.status : 400).type('html').send(errorPage(error));
      return;
    }
    case 'login-page': {
      const cssUrl = action.page.mode === 'css' ? action.page.url : undefined;
      setHtmlSecurityHeaders(response, {
        ...options,
        styleOrigins: cssUrl ? [cspSource(cssUrl)!] : [],
        formTargets: [cspSource(action.request.redirectUri)!],
      });
      if (action.retryAfterSeconds) response.setHeader('Retry-After', String(action.retryAfterSeconds));
      response
        .status(action.status)
        .type('html')
        .send(loginPage({ loginTx: action.loginTx, client: action.client, cssUrl, error: action.error, username: action.username }));
      return;
    }
    case 'auto-post': {
      const scriptNonce = randomBytes(16).toString('base64');
      setHtmlSecurityHeaders(response, { ...options, formTargets: [cspSource(action.action)!], scriptNonce });
      response.status(200).type('html').send(autoPostPage({ action: action.action, fields: action.fields, scriptNonce }));
      return;
    }
    case 'mfa-page':
      // The right code's 303 goes to the redirect URI: form-action must allow it, as on the login page.
      setHtmlSecurityHeaders(response, { ...options, formTargets: [cspSource(action.request.redirectUri)!] });
      response.status(action.status).type('html').send(mfaPage(action));
      return;
    case 'recovery-codes-page':
      // Continue resumes the sign-in, whose 303 goes to the redirect URI.
      setHtmlSecurityHeaders(response, { ...options, formTargets: [cspSource(action.request.redirectUri)!] });
      response.status(200).type('html').send(recoveryCodesPage(action));
      return;
    case 'consent-page':
      setHtmlSecurityHeaders(response, { ...options, formTargets: [cspSource(action.request.redirectUri)!] });
      response.status(200).type('html').send(consentPage(action));
      return;
  }
}

function setCookie(response: Response, cookie: Cookie, https: boolean): void {
  response.cookie(cookie.name, cookie.value, {
    httpOnly: true,
    sameSite: cookie.sameSite,
    secure: https || cookie.sameSite === 'none',
    path: cookie.path,
    maxAge: cookie.maxAge * 1000,
  });
}
