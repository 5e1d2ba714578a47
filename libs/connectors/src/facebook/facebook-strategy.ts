import { Strategy } from 'passport-facebook';
import type { StateStore } from 'passport-oauth2';
import { abortRequestsAfter, type NodeOAuthRequests } from '../http/node-oauth-timeout';
import type { FacebookConfig } from './facebook.config';
import { graphUrl } from './graph-user';

/** Milliseconds any one request to the Graph API may take. */
export const GRAPH_TIMEOUT_MS = 10_000;

/** The token response, as the verify callback hands it on. */
export interface FacebookTokens {
  readonly accessToken: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The part of node-oauth's OAuth2 client (the strategy's `_oauth2`) used here. */
export interface GraphClient extends NodeOAuthRequests {
  useAuthorizationHeaderforGET(use: boolean): void;
  get(url: string, accessToken: string, callback: (error: unknown, body?: string | Buffer) => void): void;
}

/**
 * passport-facebook for one service: the Login dialog at `dialogUrl` and the code redeemed at
 * `graphApiUrl/oauth/access_token`, with `state` and the PKCE S256 verifier (RFC 7636) held by
 * `store`. Its own profile request is skipped: it cannot be bounded and a malformed answer throws
 * outside any callback, so `/me` is asked by GraphMe over the same client. Every Graph request
 * is aborted after GRAPH_TIMEOUT_MS, and GETs carry the access token in the Authorization header
 * (RFC 6750 §2.1), never in the URL.
 */
export function facebookStrategy(config: FacebookConfig, clientSecret: string | undefined, store: StateStore): { strategy: Strategy; graph: GraphClient } {
  const strategy = new Strategy(
    {
      clientID: config.clientId,
      clientSecret: clientSecret ?? '',
      callbackURL: '',
      authorizationURL: config.dialogUrl,
      tokenURL: graphUrl(config.graphApiUrl, '/oauth/access_token'),
      scope: config.scope ? config.scope.split(' ') : undefined,
      pkce: true,
      state: true,
      store,
      skipUserProfile: true,
    },
    ((accessToken: string, _refreshToken: string, params: Record<string, unknown>, _profile: unknown, done: (error: null, user: FacebookTokens) => void) =>
      done(null, { accessToken, params })) as never,
  );
  const graph = (strategy as unknown as { _oauth2: GraphClient })._oauth2;
  graph.useAuthorizationHeaderforGET(true);
  abortRequestsAfter(graph, GRAPH_TIMEOUT_MS);
  return { strategy, graph };
}
