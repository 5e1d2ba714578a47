import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { redirectUriMatches } from '@rapidauth/tenancy';
import { errors as joseErrors, jwtVerify } from 'jose';
import { BrowserSessions } from '../authorization/browser-sessions';
import { ClientResolver } from '../clients/client-resolver';
import { checkOrigin } from '../clients/origin-check';
import { InvalidClientError, InvalidRequestError, InvalidTokenError } from '../errors';
import { SigningKeys } from '../keys/signing-keys';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { tokenRevocation } from '../revocation/revocation-terms';
import { Revocations } from '../revocation/revocations';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';

/**
 * POST /oauth/logout revokes the presented access token only (onegini-user-authentication.txt:
 * the refresh token stays). /oauth/session/end is OIDC RP-Initiated Logout: it ends the browser
 * session and revokes the login's whole family.
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

  async logoutAccessToken(accessToken: string | undefined, origin?: string): Promise<void> {
    if (!accessToken) throw new InvalidTokenError('an access token is required');
    const claims = await this.verifier.verify(accessToken);
    if (claims.token_use !== 'access') throw new InvalidTokenError('not an application access token');
    if (origin !== undefined) checkOrigin(await this.resolver.resolve(claims.client_id), origin);
    await this.revocations.revoke(tokenRevocation(claims), 'logout');
  }

  /**
   * Ends the session the id_token_hint names (its family is revoked; the browser session with the
   * given cookie is deleted). Returns where to send the browser, if the client registered it.
   */
  async endSession(
    params: Record<string, string>,
    sessionCookieOf: (environmentId: string) => string | undefined,
    now = new Date(),
  ): Promise<{ redirect?: string; clearCookieOf?: string }> {
    const hint = params.id_token_hint ? await this.readIdTokenHint(params.id_token_hint) : undefined;
    const clientId = hint?.aud ?? params.client_id;
    if (params.client_id && hint && params.client_id !== hint.aud) {
      throw new InvalidRequestError('client_id does not match id_token_hint');
    }
    const client = clientId ? await this.resolver.resolveApp(clientId).catch(() => undefined) : undefined;
    if (clientId && !client) throw new InvalidClientError('unknown client');

    if (hint?.sid) await this.refreshTokens.revokeFamily(hint.sid, 'end_session', now);
    let clearCookieOf: string | undefined;
    if (client) {
      const cookie = sessionCookieOf(client.environmentId);
      const session = await this.sessions.find(client.environmentId, cookie, now);
      if (session && (!hint || hint.sub === session.accountId)) await this.sessions.end(session.id);
      clearCookieOf = client.environmentId;
    }

    const target = params.post_logout_redirect_uri;
    if (!target) return { clearCookieOf };
    // Redirecting needs a client we can trust the URI for: id_token_hint or client_id.
    if (!client || !redirectUriMatches(target, client.postLogoutRedirectUris, client.applicationType)) {
      throw new InvalidRequestError('post_logout_redirect_uri is not registered for this client');
    }
    const url = new URL(target);
    if (params.state !== undefined) url.searchParams.set('state', params.state);
    return { redirect: url.toString(), clearCookieOf };
  }

  /** An ID token we issued; expired ones are fine as a hint (OIDC RP-Initiated Logout §2). */
  private async readIdTokenHint(token: string): Promise<{ aud: string; sub: string; sid?: string }> {
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKeyFor, {
        issuer: this.config.publicUrl,
        algorithms: ['RS256', 'ES256'],
        currentDate: new Date(0),
      });
      const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
      if (!aud || !payload.sub) throw new InvalidRequestError('id_token_hint lacks aud or sub');
      return { aud, sub: payload.sub, sid: typeof payload.sid === 'string' ? payload.sid : undefined };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof InvalidRequestError) {
        throw new InvalidRequestError('id_token_hint is not a valid ID token of this issuer');
      }
      throw error;
    }
  }

}
