import type { NextFunction, Request, Response } from 'express';

/** RFC 6265 §4.1.1 cookie-name: an RFC 7230 token. */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 6265 §4.1.1 cookie-value: cookie-octets, optionally in double quotes. */
const COOKIE_VALUE = /^(?:"([\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*)"|([\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*))$/;

/**
 * The Cookie header (RFC 6265 §4.2.1) as name → value strings, read verbatim: no JSON, no
 * percent-decoding (the gateway's own cookies are base64url). A pair that is not well formed is
 * ignored, as is a repeated name (the first one wins, RFC 6265 §5.4 sends the most specific path
 * first). The map has no prototype, so `__proto__` or `constructor` are plain names.
 */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1) continue;
    const name = pair.slice(0, equals).trim();
    const value = COOKIE_VALUE.exec(pair.slice(equals + 1).trim());
    if (!COOKIE_NAME.test(name) || !value || name in cookies) continue;
    cookies[name] = value[1] ?? value[2];
  }
  return cookies;
}

/** Express middleware: `request.cookies` as parseCookieHeader reads them. */
export function browserCookies(request: Request, _response: Response, next: NextFunction): void {
  request.cookies = parseCookieHeader(request.headers.cookie);
  next();
}
