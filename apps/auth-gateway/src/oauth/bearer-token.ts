import { authorizationScheme, bearerToken as headerBearerToken, InvalidRequestError, presentedAccessToken, type PresentedAccessToken } from '@rapidauth/oauth';
import type { Request } from 'express';

/** RFC 6750 §2.1/§2.2: the token from `Authorization: Bearer`, or the form body; never both. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  const body = request.is('application/x-www-form-urlencoded') ? (request.body as Record<string, unknown>) : {};
  const fromBody = typeof body.access_token === 'string' ? body.access_token : undefined;
  if (Array.isArray(body.access_token) || (fromBody && authorizationScheme(header) === 'bearer')) {
    throw new InvalidRequestError('send the access token once', { code: 'DUPLICATE_PARAMETER' });
  }
  return headerBearerToken(header) ?? (fromBody || undefined);
}

/** The access token of a resource request: `Authorization: DPoP` with its proof (RFC 9449 §7.1), or a bearer token. */
export function presentedToken(request: Request): PresentedAccessToken | undefined {
  return presentedAccessToken(request, bearerToken(request));
}
