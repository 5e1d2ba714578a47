import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { redirectUriMatches } from '@rapidauth/tenancy';
import { errors as joseErrors, jwtVerify } from 'jose';
import { type BrowserSession, BrowserSessions } from '../authorization/browser-sessions';
import { ClientResolver } from '../clients/client-resolver';
import { checkOrigin } from '../clients/origin-check';
import type { AppClient } from '../clients/resolved-client';
import { InvalidClientError, InvalidRequestError, InvalidTokenError } from '../errors';
import { SigningKeys } from '../keys/signing-keys';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { tokenRevocation } from '../revocation/revocation-terms';
import { Revocations } from '../revocation/revocations';
import { safeEqual, sha256 } from '../tokens/opaque-tokens';
import type { PresentedAccessToken } from '../dpop/presented-token';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';

/**
 * POST /oauth/logout revokes the presented access token only (the refresh token stays).
 * /oauth/session/end is OpenID Connect RP-Initiated Logout 1.0: it ends the browser
 * session and revokes the client's logins made in it.
 */
@Injectable()
export class Logout {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: Revocations,
    private readonly refreshTokens: RefreshTokens,
    private readonly sessions: BrowserSessions,
    private readonly resolver: ClientResolver,
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async logoutAccessToken(accessToken: PresentedAccessToken | undefined, origin?: string): Promise<void> {
    const claims = await this.verifier.verifyPresented(accessToken);
    if (claims.token_use !== 'access') throw new InvalidTokenError('not an application access token');
    if (origin !== undefined) checkOrigin(await this.resolver.resolve(claims.client_id), origin);
    await this.revocations.revoke(tokenRevocation(claims), 'logout');
  }

  /**
   * OIDC RP-Initiated Logout 1.0 §2–3. Acts at once only on an `id_token_hint` of this browser's
   * session (ours, issued to the client, its `sid` a login made in this session, expired at most
   * HINT_GRACE_SECONDS ago); otherwise the user confirms on our page, whose POST carries a token
   * derived from the session cookie (so a cross-site form cannot forge it). Ending the session
   * revokes the client's logins made in it; another browser's session is never touched.
   */
  async endSession(
    params: Record<string, string>,
    method: string,
    sessionCookieOf: (environmentId: string) => string | undefined,
    now = new Date(),
  ): Promise<EndSessionOutcome> {
    const hint = params.id_token_hint ? await this.readIdTokenHint(params.id_token_hint) : undefined;
    if (params.client_id && hint && params.client_id !== hint.aud) {
      throw new InvalidRequestError('client_id does not match id_token_hint');
    }
    const clientId = hint?.aud ?? params.client_id;
    if (!clientId) throw new InvalidRequestError('id_token_hint or client_id is required', { code: 'MISSING_PARAMETER' });
    const client = await this.resolver.resolveApp(clientId).catch(() => undefined);
    if (!client) throw new InvalidClientError('unknown client');
    const redirect = this.redirectTarget(params, client);
    const done: EndSessionOutcome = { kind: 'done', redirect, clearCookieOf: client.environmentId };

    const cookie = sessionCookieOf(client.environmentId);
    const session = await this.sessions.find(client.environmentId, cookie, now);
    if (!session || !cookie) return done;
    const expected = confirmationToken(cookie, client.clientId);
    if (method === 'POST' && params.confirmation !== undefined) {
      if (!safeEqual(sha256(params.confirmation), sha256(expected))) {
        throw new InvalidRequestError('the sign-out confirmation is invalid; start again from the app', { code: 'INVALID_STATE' });
      }
    } else if (!hint || !(await this.namesSession(hint, session, client.clientId, now))) {
      const form: Record<string, string> = { client_id: client.clientId, confirmation: expected };
      if (params.post_logout_redirect_uri) form.post_logout_redirect_uri = params.post_logout_redirect_uri;
      if (params.state !== undefined) form.state = params.state;
      return { kind: 'confirm', clientName: client.name, form, redirect };
    }
    for (const familyId of await this.sessions.familiesOf(session.id, client.clientId)) await this.refreshTokens.revokeFamily(familyId, 'end_session', now);
    await this.sessions.end(session.id);
    return done;
  }

  /** The hint is recent and names a login of the client made in this session by its account. */
  private async namesSession(hint: IdTokenHint, session: BrowserSession, clientId: string, now: Date): Promise<boolean> {
    if ((hint.exp + HINT_GRACE_SECONDS) * 1000 < now.getTime()) return false;
    if (hint.sub !== session.accountId || hint.sid === undefined) return false;
    return this.sessions.madeLoginIn(session.id, clientId, hint.sid);
  }

  /** The registered post_logout_redirect_uri with `state`; refused if the client did not register it. */
  private redirectTarget(params: Record<string, string>, client: AppClient): string | undefined {
    const target = params.post_logout_redirect_uri;
    if (!target) return undefined;
    if (!redirectUriMatches(target, client.postLogoutRedirectUris, client.applicationType)) {
      throw new InvalidRequestError('post_logout_redirect_uri is not registered for this client');
    }
    const url = new URL(target);
    if (params.state !== undefined) url.searchParams.set('state', params.state);
    return url.toString();
  }

  /** An ID token we signed for the client, whatever its age: its age decides only whether it suffices alone. */
  private async readIdTokenHint(token: string): Promise<IdTokenHint> {
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKeyFor, {
        issuer: this.config.publicUrl,
        algorithms: ['RS256', 'ES256'],
        currentDate: new Date(0),
      });
      const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
      if (!aud || !payload.sub || typeof payload.exp !== 'number') throw new InvalidRequestError('id_token_hint lacks aud, sub or exp');
      return { aud, sub: payload.sub, exp: payload.exp, sid: typeof payload.sid === 'string' ? payload.sid : undefined };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof InvalidRequestError) {
        throw new InvalidRequestError('id_token_hint is not a valid ID token of this issuer');
      }
      throw error;
    }
  }
}

/** How long after its `exp` an ID token still ends its session without confirmation (docs/gateway.md#logout). */
const HINT_GRACE_SECONDS = 600;

export type EndSessionOutcome =
  | { kind: 'done'; redirect?: string; clearCookieOf: string }
  /** Ask the user; `form` goes back in the confirming POST. `redirect` is where that POST will end. */
  | { kind: 'confirm'; clientName: string | null; form: Record<string, string>; redirect?: string };

interface IdTokenHint {
  aud: string;
  sub: string;
  exp: number;
  sid?: string;
}

/** Only the browser holding the session cookie (and the page we render for it) knows this. */
function confirmationToken(sessionCookie: string, clientId: string): string {
  return createHmac('sha256', sessionCookie).update(`end_session:${clientId}`).digest('base64url');
}
