import * as client from 'openid-client';
import type {
  Connector,
  ConnectorRuntime,
  LoginContext,
  OpenedService,
  RedirectLoginConnector,
  RedirectLoginKept,
  RedirectLoginRequest,
  RefreshConnector,
  StoredUpstreamLogin,
  UpstreamIdentity,
  UpstreamToken,
} from '../connector';
import { ConnectorError } from '../connectors.errors';
import type { OidcConfig } from './oidc.config';
import { upstreamError } from './oidc-errors';
import { oidcTester } from './oidc-tester';
import { oidcTokenExchange } from './oidc-token-exchange';

/** Seconds any one upstream request may take. */
const UPSTREAM_TIMEOUT_SECONDS = 10;
/** An upstream access token that lives longer than this needs no refresh yet (docs/gateway.md#upstream-refresh). */
const REFRESH_AHEAD_MS = 60_000;
/** ID token claims about the token itself, not the user. */
const PROTOCOL_CLAIMS = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'at_hash', 'c_hash', 's_hash', 'azp', 'auth_time', 'sid', 'jti', 'acr', 'amr']);

/**
 * An OpenID Connect provider through openid-client: discovery at `issuer` (once per opened service,
 * ServiceConnectors drops it on any change), the discovered issuer equal to the configured one
 * (OIDC Discovery §4.3), `providerUri` and `grantEndpoint` as the token and authorization endpoints.
 * Authorization code with `state`, `nonce` and PKCE S256 (RFC 9700 §2.1.1); the ID token validated
 * by openid-client (signature by the discovered JWKS, iss, aud, exp, nonce); `sub` names the user.
 */
export function openOidc(opened: OpenedService, runtime: ConnectorRuntime): Connector {
  const config = opened.config as unknown as OidcConfig;
  const clientSecret = opened.secrets.clientSecret;
  let discovered: Promise<client.Configuration> | undefined;

  const configuration = (): Promise<client.Configuration> => {
    discovered ??= discover(config, clientSecret).catch((error: unknown) => {
      discovered = undefined;
      throw upstreamError(error, 'UPSTREAM_REJECTED', 'discovery');
    });
    return discovered;
  };

  const redirectLogin: RedirectLoginConnector = {
    async begin(request: RedirectLoginRequest) {
      const upstream = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(upstream, {
        redirect_uri: request.callbackUrl,
        response_type: 'code',
        scope: scopeOf(config.scope),
        state: request.state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { step: { kind: 'redirect', location: url.toString() }, kept: { codeVerifier, nonce } };
    },

    async finish(params: Readonly<Record<string, string>>, kept: RedirectLoginKept, request: RedirectLoginRequest, context: LoginContext) {
      const upstream = await configuration();
      const currentUrl = new URL(request.callbackUrl);
      for (const [name, value] of Object.entries(params)) currentUrl.searchParams.set(name, value);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(upstream, currentUrl, {
          pkceCodeVerifier: kept.codeVerifier,
          expectedState: request.state,
          expectedNonce: kept.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw upstreamError(error, 'UPSTREAM_REJECTED', 'code exchange');
      }
      const claims = tokens.claims()!;
      const userinfo = await userInfoOf(upstream, tokens.access_token, claims.sub, 'UPSTREAM_REJECTED');
      return identityOf(claims, userinfo, tokensOf(tokens, context.now));
    },
  };

  const refresh: RefreshConnector = {
    async refresh(stored: StoredUpstreamLogin, context: LoginContext): Promise<UpstreamIdentity | null> {
      const refreshToken = stored.tokens?.refresh_token?.value;
      const accessExpiry = stored.tokens?.access_token?.expiresAt;
      if (!refreshToken || (accessExpiry && accessExpiry.getTime() - context.now.getTime() > REFRESH_AHEAD_MS)) return null;
      // A provider whose discovery fails is not the user's fault: nothing is revoked for it.
      const upstream = await configuration().catch((error: ConnectorError) => {
        throw new ConnectorError('UPSTREAM_UNAVAILABLE', 'the sign-in service cannot be reached right now', { detail: error.detail });
      });
      let tokens: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
      try {
        tokens = await client.refreshTokenGrant(upstream, refreshToken);
      } catch (error) {
        throw upstreamError(error, 'UPSTREAM_REFRESH_FAILED', 'refresh');
      }
      const claims = tokens.claims();
      if (claims && claims.sub !== stored.providerUid) {
        throw new ConnectorError('UPSTREAM_REFRESH_FAILED', 'the identity provider no longer accepts this login', { detail: 'refresh: another subject' });
      }
      const userinfo = await userInfoOf(upstream, tokens.access_token, stored.providerUid, 'UPSTREAM_REFRESH_FAILED');
      // A provider that does not rotate its refresh token (or sends no new ID token) keeps the one it gave.
      const renewed = { ...stored.tokens, ...tokensOf(tokens, context.now) };
      return identityOf(claims ?? { sub: stored.providerUid }, userinfo, renewed);
    },
  };

  const tokenExchange = oidcTokenExchange({ serviceId: opened.id, clientId: config.clientId, configuration, replays: runtime.assertionReplays, identityOf });
  return { service: opened, redirectLogin, refresh, tester: oidcTester(config), tokenExchange, close: async () => undefined };
}

async function discover(config: OidcConfig, clientSecret: string | undefined): Promise<client.Configuration> {
  const issuer = new URL(config.issuer);
  const insecure = issuer.protocol === 'http:';
  const options = { timeout: UPSTREAM_TIMEOUT_SECONDS, ...(insecure ? { execute: [client.allowInsecureRequests] } : {}) };
  // openid-client compares the discovered `issuer` with the URL asked (OIDC Discovery §4.3): a mismatch throws, refused as UPSTREAM_REJECTED.
  const discovered = await client.discovery(issuer, config.clientId, undefined, undefined, options);
  const { supportsPKCE: _helper, ...served } = discovered.serverMetadata();
  const metadata: client.ServerMetadata = { ...served, token_endpoint: config.providerUri, authorization_endpoint: config.grantEndpoint };
  const auth = clientSecret ? client.ClientSecretPost(clientSecret) : client.None();
  const configured = new client.Configuration(metadata, config.clientId, clientSecret ? { client_secret: clientSecret } : undefined, auth);
  configured.timeout = UPSTREAM_TIMEOUT_SECONDS;
  if (insecure || new URL(config.providerUri).protocol === 'http:') client.allowInsecureRequests(configured);
  return configured;
}

async function userInfoOf(
  upstream: client.Configuration,
  accessToken: string,
  subject: string,
  refused: 'UPSTREAM_REJECTED' | 'UPSTREAM_REFRESH_FAILED',
): Promise<Record<string, unknown>> {
  if (!upstream.serverMetadata().userinfo_endpoint) return {};
  try {
    // The userinfo `sub` must be the ID token's (OIDC Core §5.3.2): openid-client checks it.
    return { ...(await client.fetchUserInfo(upstream, accessToken, subject)) };
  } catch (error) {
    throw upstreamError(error, refused, 'userinfo');
  }
}

/** The scopes asked upstream: `openid` and the configured ones. */
export function scopeOf(configured: string | undefined): string {
  const scopes = new Set(['openid', ...(configured ?? '').split(' ').filter(Boolean)]);
  return [...scopes].join(' ');
}

/** The user's claims (the ID token's and userinfo's) as the identity's attributes. */
export function identityOf(
  claims: Record<string, unknown> & { sub: string },
  userinfo: Record<string, unknown>,
  tokens: Readonly<Record<string, UpstreamToken>>,
): UpstreamIdentity {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) if (!PROTOCOL_CLAIMS.has(name)) attributes[name] = value;
  Object.assign(attributes, userinfo);
  const username = typeof attributes.preferred_username === 'string' ? attributes.preferred_username : undefined;
  const email = typeof attributes.email === 'string' ? attributes.email : undefined;
  return { providerUid: claims.sub, ...(username ? { username } : {}), ...(email ? { email } : {}), attributes, tokens };
}

function tokensOf(response: client.TokenEndpointResponse, now: Date): Record<string, UpstreamToken> {
  const expiresAt = typeof response.expires_in === 'number' ? new Date(now.getTime() + response.expires_in * 1000) : undefined;
  return {
    access_token: { value: response.access_token, ...(expiresAt ? { expiresAt } : {}) },
    ...(response.refresh_token ? { refresh_token: { value: response.refresh_token } } : {}),
    ...(response.id_token ? { id_token: { value: response.id_token } } : {}),
  };
}
