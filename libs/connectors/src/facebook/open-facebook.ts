import type {
  Connector,
  LoginContext,
  OpenedService,
  RedirectLoginConnector,
  RedirectLoginKept,
  RedirectLoginRequest,
  UpstreamIdentity,
  UpstreamToken,
} from '../connector';
import { ConnectorError } from '../connectors.errors';
import { callStateStore, type CallRequest } from '../http/passport-call';
import { declined, strategyError } from './facebook-errors';
import { facebookStrategy, type FacebookTokens } from './facebook-strategy';
import { facebookTester } from './facebook-tester';
import type { FacebookConfig } from './facebook.config';
import { readMe } from './graph-me';
import { graphFields, meUrl, providerUidOf } from './graph-user';

/** What one authenticate() call of the strategy carries: our state and the PKCE verifier. */
type Outcome = { kind: 'redirect'; location: string } | { kind: 'success'; tokens: FacebookTokens };

/**
 * Facebook Login through passport-facebook, one strategy per opened service, driven without
 * Express as open-oauth2.ts drives passport-oauth2: each call runs `authenticate` on a fresh object
 * whose redirect/success/fail/error settle a promise, and the state store hands the strategy our
 * `state` and keeps its PKCE verifier. The user is read from `/me` (graph-me.ts) and named by
 * `userIdAttribute`, else `uniqueUserContextField` (docs/gateway.md#facebook). Facebook issues no
 * refresh tokens, so the connector has no refresh: a Facebook login's gateway refresh follows the
 * family's own rules only.
 */
export function openFacebook(opened: OpenedService): Connector {
  const config = opened.config as unknown as FacebookConfig;
  const clientSecret = opened.secrets.clientSecret;
  const store = callStateStore();
  const { strategy, graph } = facebookStrategy(config, clientSecret, store);
  const me = meUrl(config.graphApiUrl, graphFields(config));

  const run = (req: CallRequest, callbackUrl: string): Promise<Outcome> =>
    new Promise((resolve, reject) => {
      const call = Object.create(strategy) as typeof strategy & Record<string, unknown>;
      call.redirect = (location: string) => resolve({ kind: 'redirect', location });
      call.success = (user: unknown) => resolve({ kind: 'success', tokens: user as FacebookTokens });
      call.fail = () =>
        reject(
          req.query.error || req.query.error_code
            ? declined(req.query)
            : new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: 'state mismatch' }),
        );
      call.error = (error: unknown) => reject(strategyError(error, req.query));
      call.authenticate(req as never, { callbackURL: callbackUrl } as never);
    });

  const identify = async (tokens: FacebookTokens, now: Date): Promise<UpstreamIdentity> => {
    const attributes = await readMe(graph, me, tokens.accessToken, clientSecret);
    const providerUid = providerUidOf(attributes, config);
    if (!providerUid) {
      throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider did not name the user', { detail: `no usable ${config.userIdAttribute} in /me` });
    }
    const email = typeof attributes.email === 'string' ? attributes.email : undefined;
    return { providerUid, ...(email ? { email } : {}), attributes, tokens: tokensOf(tokens, now) };
  };

  const redirectLogin: RedirectLoginConnector = {
    async begin(request: RedirectLoginRequest) {
      const req: CallRequest = { query: {}, call: { state: request.state } };
      const outcome = await run(req, request.callbackUrl);
      if (outcome.kind !== 'redirect' || !req.call.verifier) throw new ConnectorError('UPSTREAM_REJECTED', 'the sign-in could not start', { detail: 'no redirect' });
      return { step: { kind: 'redirect', location: outcome.location }, kept: { codeVerifier: req.call.verifier } };
    },
    async finish(params: Readonly<Record<string, string>>, kept: RedirectLoginKept, request: RedirectLoginRequest, context: LoginContext) {
      if (!params.error && !params.error_code && !params.code) {
        throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: 'no code' });
      }
      const req: CallRequest = { query: { ...params }, call: { state: request.state, verifier: kept.codeVerifier } };
      const outcome = await run(req, request.callbackUrl);
      if (outcome.kind !== 'success') throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: 'no tokens' });
      return identify(outcome.tokens, context.now);
    },
  };

  return { service: opened, redirectLogin, tester: facebookTester(config), close: async () => undefined };
}

/** Facebook answers `expires_in` with its (long-lived) access tokens and never a refresh token. */
function tokensOf(tokens: FacebookTokens, now: Date): Record<string, UpstreamToken> {
  const expiresIn = Number(tokens.params.expires_in);
  const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000) : undefined;
  return { access_token: { value: tokens.accessToken, ...(expiresAt ? { expiresAt } : {}) } };
}
