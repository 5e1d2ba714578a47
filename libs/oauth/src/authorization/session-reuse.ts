import type { AppClient } from '../clients/resolved-client';
import type { AuthorizationRequest } from './authorization-request';
import type { BrowserSession } from './browser-sessions';

/**
 * Whether a live browser session answers this authorization request without a new sign-in: not
 * when the request asks for one (`prompt=login`, or a `max_age` the session's `auth_time` exceeds,
 * OIDC Core §3.1.2.1), nor for another service than the one it signed in through. A session made
 * at an upstream (`upstream`: every connector but the gateway's own identities) is only as fresh as
 * the upstream's last word, so past the service's `tokenTtl` the user signs in there again.
 */
export function sessionReusable(
  session: BrowserSession,
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAge'>,
  client: Pick<AppClient, 'service'>,
  upstream: boolean,
  now: Date,
): boolean {
  if (request.prompt.includes('login') || session.authServiceId !== client.service.id) return false;
  const age = now.getTime() - session.authTime.getTime();
  if (request.maxAge !== undefined && age > request.maxAge * 1000) return false;
  return !upstream || age <= client.service.settings.tokenTtl * 1000;
}
