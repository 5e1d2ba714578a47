import { decodeJwt } from 'jose';
import { InternalOAuthError, Strategy, TokenError, type VerifyCallback } from 'passport-oauth2';
import type {
  Connector,
  FormLoginConnector,
  LoginContext,
  OpenedService,
  PasswordCredentials,
  RedirectLoginConnector,
  RedirectLoginKept,
  RedirectLoginRequest,
  RefreshConnector,
  StoredUpstreamLogin,
  UpstreamIdentity,
  UpstreamToken,
} from '../connector';
import { ConnectorError } from '../connectors.errors';
import { callStateStore, type CallRequest } from '../http/passport-call';
import { abortRequestsAfter, type NodeOAuthRequests } from '../http/node-oauth-timeout';
import type { OAuth2Config } from './oauth2.config';
import { oauth2Tester } from './oauth2-tester';
import { oauth2TokenExchange } from './oauth2-token-exchange';

/** Milliseconds any one request to the provider may take (a refresh asks twice, well within the refresh lease: docs/gateway.md#upstream-refresh). */
const UPSTREAM_TIMEOUT_MS = 10_000;

/** An upstream access token that lives longer than this needs no refresh yet (docs/gateway.md#upstream-refresh). */
const REFRESH_AHEAD_MS = 60_000;
const MAX_USER_RESPONSE = 256 * 1024;

/** What one authenticate() call of the strategy carries: our state and the PKCE verifier. */
type TokenParams = Record<string, unknown>;
interface Verified {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly params: TokenParams;
  readonly profile: Record<string, unknown>;
}
type Outcome = { kind: 'redirect'; location: string } | { kind: 'success'; verified: Verified };

/**
 * An OAuth 2.0 provider through passport-oauth2, one strategy per opened service, driven without
 * Express: each call runs `authenticate` on a fresh object whose redirect/success/fail/error
 * settle a promise, and the state store hands the strategy our `state` and keeps its PKCE S256
 * verifier (RFC 7636). `authorization_code` redirects to `grantEndpoint`; `password` posts the
 * login form's credentials to `providerUri` (RFC 6749 §4.3). The user id is `userIdAttribute` of
 * `userIdEndpoint`'s JSON, else of the token response's `id_token`, read without a signature check:
 * it came straight from the token endpoint we authenticated to (OIDC Core §3.1.3.7).
 */
export function openOAuth2(opened: OpenedService): Connector {
  const config = opened.config as unknown as OAuth2Config;
  const store = callStateStore();
  const strategy = new Strategy(
    {
      authorizationURL: config.grantEndpoint,
      tokenURL: config.providerUri,
      clientID: config.clientId,
      clientSecret: opened.secrets.clientSecret ?? '',
      scope: config.scope,
      pkce: true,
      state: true,
      store,
      skipUserProfile: true,
    },
    (accessToken: string, refreshToken: string, params: TokenParams, profile: Record<string, unknown>, done: VerifyCallback) =>
      done(null, { accessToken, refreshToken, params, profile } as unknown as Express.User),
  );
  const oauth2 = (strategy as unknown as { _oauth2: NodeOAuth2 })._oauth2;
  oauth2.useAuthorizationHeaderforGET(true);
  abortRequestsAfter(oauth2, UPSTREAM_TIMEOUT_MS);

  const run = (req: CallRequest, callbackUrl: string): Promise<Outcome> =>
    new Promise((resolve, reject) => {
      const call = Object.create(strategy) as Strategy & Record<string, unknown>;
      call.redirect = (location: string) => resolve({ kind: 'redirect', location });
      call.success = (user: unknown) => resolve({ kind: 'success', verified: user as Verified });
      call.fail = (challenge: unknown) => reject(refusedAt(req, challenge));
      call.error = (error: unknown) => reject(req.query.error ? denied(String(req.query.error)) : tokenEndpointError(error, 'UPSTREAM_REJECTED'));
      call.authenticate(req as never, { callbackURL: callbackUrl } as never);
    });

  const identify = async (tokens: { accessToken: string; refreshToken?: string; params: TokenParams }, now: Date): Promise<UpstreamIdentity> => {
    const attributes = config.userIdEndpoint ? await userResponse(oauth2, config.userIdEndpoint, tokens.accessToken) : idTokenClaims(tokens.params);
    const providerUid = attributes[config.userIdAttribute];
    if ((typeof providerUid !== 'string' && typeof providerUid !== 'number') || String(providerUid).length === 0) {
      throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider did not name the user', { detail: `no ${config.userIdAttribute} in the user response` });
    }
    const username = typeof attributes.preferred_username === 'string' ? attributes.preferred_username : undefined;
    const email = typeof attributes.email === 'string' ? attributes.email : undefined;
    return { providerUid: String(providerUid), ...(username ? { username } : {}), ...(email ? { email } : {}), attributes, tokens: tokensOf(tokens, now) };
  };

  const redirectLogin: RedirectLoginConnector = {
    async begin(request: RedirectLoginRequest) {
      const req: CallRequest = { query: {}, call: { state: request.state } };
      const outcome = await run(req, request.callbackUrl);
      if (outcome.kind !== 'redirect' || !req.call.verifier) throw new ConnectorError('UPSTREAM_REJECTED', 'the sign-in could not start', { detail: 'no redirect' });
      return { step: { kind: 'redirect', location: outcome.location }, kept: { codeVerifier: req.call.verifier } };
    },
    async finish(params: Readonly<Record<string, string>>, kept: RedirectLoginKept, request: RedirectLoginRequest, context: LoginContext) {
      const req: CallRequest = { query: { ...params }, call: { state: request.state, verifier: kept.codeVerifier } };
      if (!params.error && !params.code) throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: 'no code' });
      const outcome = await run(req, request.callbackUrl);
      if (outcome.kind !== 'success') throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: 'no tokens' });
      return identify(outcome.verified, context.now);
    },
  };

  const formLogin: FormLoginConnector = {
    async login(credentials: PasswordCredentials, context: LoginContext) {
      const tokens = await tokenRequest(oauth2, '', { grant_type: 'password', username: credentials.username, password: credentials.password, ...scopeParam(config) }).catch(
        (error: unknown) => {
          throw passwordRefused(error);
        },
      );
      return identify(tokens, context.now);
    },
  };

  const refresh: RefreshConnector = {
    async refresh(stored: StoredUpstreamLogin, context: LoginContext): Promise<UpstreamIdentity | null> {
      const refreshToken = stored.tokens?.refresh_token?.value;
      const accessExpiry = stored.tokens?.access_token?.expiresAt;
      if (!refreshToken || (accessExpiry && accessExpiry.getTime() - context.now.getTime() > REFRESH_AHEAD_MS)) return null;
      const tokens = await tokenRequest(oauth2, refreshToken, { grant_type: 'refresh_token' }).catch((error: unknown) => {
        throw tokenEndpointError(error, 'UPSTREAM_REFRESH_FAILED');
      });
      const identity = await identify({ ...tokens, refreshToken: tokens.refreshToken ?? refreshToken }, context.now).catch((error: unknown) => {
        throw error instanceof ConnectorError && error.code === 'UPSTREAM_REJECTED' ? new ConnectorError('UPSTREAM_REFRESH_FAILED', error.message, { detail: error.detail }) : error;
      });
      if (identity.providerUid !== stored.providerUid) {
        throw new ConnectorError('UPSTREAM_REFRESH_FAILED', 'the identity provider no longer accepts this login', { detail: 'refresh: another user' });
      }
      return { ...identity, tokens: { ...stored.tokens, ...identity.tokens } };
    },
  };

  const grants = config.grantType === 'password' ? { formLogin } : { redirectLogin };
  const tokenExchange = oauth2TokenExchange(config, (accessToken, now) => identify({ accessToken, params: {} }, now));
  return { service: opened, ...grants, refresh, tester: oauth2Tester(config), tokenExchange, close: async () => undefined };
}

/** The part of node-oauth's OAuth2 client the strategy holds that is used here. */
interface NodeOAuth2 extends NodeOAuthRequests {
  useAuthorizationHeaderforGET(use: boolean): void;
  getOAuthAccessToken(code: string, params: Record<string, string>, callback: (error: unknown, accessToken?: string, refreshToken?: string, params?: TokenParams) => void): void;
  get(url: string, accessToken: string, callback: (error: unknown, body?: string | Buffer) => void): void;
}

function tokenRequest(oauth2: NodeOAuth2, code: string, params: Record<string, string>): Promise<{ accessToken: string; refreshToken?: string; params: TokenParams }> {
  return new Promise((resolve, reject) =>
    oauth2.getOAuthAccessToken(code, params, (error, accessToken, refreshToken, response) => {
      if (error) reject(error);
      else if (!accessToken) reject(new TokenError('no access token', 'invalid_grant'));
      else resolve({ accessToken, ...(refreshToken ? { refreshToken } : {}), params: response ?? {} });
    }),
  );
}

async function userResponse(oauth2: NodeOAuth2, url: string, accessToken: string): Promise<Record<string, unknown>> {
  const body = await new Promise<string>((resolve, reject) =>
    oauth2.get(url, accessToken, (error, data) => (error ? reject(error) : resolve(String(data ?? '')))),
  ).catch((error: unknown) => {
    throw statusOf(error) === undefined || statusOf(error)! >= 500
      ? new ConnectorError('UPSTREAM_UNAVAILABLE', 'the sign-in service cannot be reached right now', { detail: 'user id endpoint unreachable' })
      : new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: `user id endpoint answered ${statusOf(error)}` });
  });
  if (body.length > MAX_USER_RESPONSE) throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: 'user response too large' });
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Refused below.
  }
  throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: 'user id endpoint did not answer a JSON object' });
}

function idTokenClaims(params: TokenParams): Record<string, unknown> {
  if (typeof params.id_token !== 'string') return {};
  try {
    return { ...decodeJwt(params.id_token) };
  } catch {
    return {};
  }
}

function scopeParam(config: OAuth2Config): Record<string, string> {
  return config.scope ? { scope: config.scope } : {};
}

function tokensOf(tokens: { accessToken: string; refreshToken?: string; params: TokenParams }, now: Date): Record<string, UpstreamToken> {
  const expiresIn = Number(tokens.params.expires_in);
  const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000) : undefined;
  return {
    access_token: { value: tokens.accessToken, ...(expiresAt ? { expiresAt } : {}) },
    ...(tokens.refreshToken ? { refresh_token: { value: tokens.refreshToken } } : {}),
    ...(typeof tokens.params.id_token === 'string' ? { id_token: { value: tokens.params.id_token } } : {}),
  };
}

/** node-oauth's error: `{statusCode, data}` for an HTTP answer, a Node error when none came. */
function statusOf(error: unknown): number | undefined {
  const inner = error instanceof InternalOAuthError ? (error.oauthError as unknown) : error;
  const status = (inner as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function tokenEndpointError(error: unknown, refused: 'UPSTREAM_REJECTED' | 'UPSTREAM_REFRESH_FAILED'): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof TokenError) return new ConnectorError(refused, 'the identity provider refused the sign-in', { detail: `token endpoint: ${error.code}` });
  const status = statusOf(error);
  if (status === undefined || status >= 500) {
    return new ConnectorError('UPSTREAM_UNAVAILABLE', 'the sign-in service cannot be reached right now', { detail: `token endpoint: ${status ?? 'unreachable'}` });
  }
  return new ConnectorError(refused, 'the identity provider refused the sign-in', { detail: `token endpoint answered ${status}` });
}

/** RFC 6749 §5.2: `invalid_grant` on the password grant is the user's wrong password. */
function passwordRefused(error: unknown): ConnectorError {
  const refused = tokenEndpointError(error, 'UPSTREAM_REJECTED');
  if (refused.code !== 'UPSTREAM_REJECTED') return refused;
  const data = (error as { data?: unknown }).data;
  const code = error instanceof TokenError ? error.code : typeof data === 'string' ? safeErrorCode(data) : undefined;
  return code === 'invalid_grant' ? new ConnectorError('INVALID_CREDENTIALS', 'wrong username or password', { detail: refused.detail }) : refused;
}

function safeErrorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

function denied(error: string): ConnectorError {
  return new ConnectorError('ACCESS_DENIED', 'the sign-in was declined at the identity provider', { detail: `authorization error ${error.slice(0, 64)}` });
}

function refusedAt(req: CallRequest, challenge: unknown): ConnectorError {
  if (req.query.error) return denied(req.query.error);
  return new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: `refused: ${JSON.stringify(challenge)?.slice(0, 100)}` });
}
