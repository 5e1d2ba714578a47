import { Injectable } from '@nestjs/common';
import { ConnectorRegistry } from '@rapidauth/connectors';
import type { AppClient } from '../clients/resolved-client';
import { SecondFactors } from '../login/second-factors';
import type { AuthorizationRequest } from './authorization-request';
import { BrowserSessions, sessionCookieName, type BrowserSession } from './browser-sessions';

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

/**
 * The browser's live session that may answer an authorization request (SSO), if any: none when the
 * request asks for a sign-in or carries a link ticket, when `sessionReusable` says no, or when the
 * session was signed in without the second factor its account needs now (an authenticator enrolled
 * since, or `mfa.required` switched on): the user then signs in again, with the factor.
 */
@Injectable()
export class ReusableSessions {
  constructor(
    private readonly sessions: BrowserSessions,
    private readonly connectors: ConnectorRegistry,
    private readonly secondFactors: SecondFactors,
  ) {}

  async find(client: AppClient, request: AuthorizationRequest, cookies: Record<string, string>, now: Date): Promise<BrowserSession | undefined> {
    if (request.prompt.includes('login') || request.linkAccountId) return undefined;
    const session = await this.sessions.find(client.environmentId, cookies[sessionCookieName(client.environmentId)], now);
    if (!session || !sessionReusable(session, request, client, this.connectors.signsInUpstream(client.service.type), now)) return undefined;
    return (await this.lacksSecondFactor(session)) ? undefined : session;
  }

  private async lacksSecondFactor(session: BrowserSession): Promise<boolean> {
    if (session.claims.amr?.includes('mfa')) return false;
    const required = await this.secondFactors.requiredIn(session.environmentId);
    return (await this.secondFactors.need(session.accountId, required)) !== 'none';
  }
}
