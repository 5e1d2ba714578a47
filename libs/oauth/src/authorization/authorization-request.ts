import { redirectUriMatches } from '@rapidauth/tenancy';
import { ClientResolver } from '../clients/client-resolver';
import type { AppClient } from '../clients/resolved-client';
import { InvalidClientError, InvalidRequestError, OAuthError, RedirectableError } from '../errors';
import { parseScope, requireAllowedScopes, userScopes } from '../tokens/scopes';
import { hasControlCharacters } from '../token-endpoint/token-parameters';

/** An authorization request that passed every check, kept in the login transaction. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string[];
  state?: string;
  nonce?: string;
  codeChallenge: string;
  prompt: string[];
  maxAge?: number;
  /** RFC 9449 §10: the thumbprint of the DPoP key the code's exchange must prove. */
  dpopJkt?: string;
  /** The account a `link_ticket` named: the login binds its upstream identity to it (docs/gateway.md#linking-identities). */
  linkAccountId?: string;
}

const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 9449 §10 `dpop_jkt`: an RFC 7638 SHA-256 thumbprint, base64url without padding (43 characters). */
const DPOP_JKT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Every authorization request may store a login transaction before anyone signs in, so what it
 * may carry is bounded (docs/gateway.md#endpoints): these parameters by length,
 * any other by ANY_PARAMETER_LIMIT, and the stored request as a whole by STORED_REQUEST_LIMIT.
 */
const PARAMETER_LIMITS: ReadonlyMap<string, number> = new Map([
  ['client_id', 256],
  ['redirect_uri', 2048],
  ['scope', 1024],
  ['state', 512],
  ['nonce', 512],
  ['code_challenge', 128],
]);
const ANY_PARAMETER_LIMIT = 4096;
const STORED_REQUEST_LIMIT = 4096;
const PROMPTS = ['none', 'login', 'consent', 'select_account'];

/**
 * Validates GET/POST /v3/oauth/auth (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1). Until the
 * client and redirect URI are established, errors are shown on our error page and never
 * redirected (an open redirector otherwise); after that, they go back to the client.
 */
export async function validateAuthorizationRequest(
  resolver: ClientResolver,
  raw: Record<string, unknown>,
): Promise<{ client: AppClient; request: AuthorizationRequest }> {
  const params = singleValued(raw);
  if (!params.client_id) throw new InvalidRequestError('missing parameter: client_id', { code: 'MISSING_PARAMETER' });
  const client = await resolver.resolveApp(params.client_id).catch((error: unknown) => {
    if (error instanceof InvalidClientError) throw new InvalidRequestError('unknown client_id', { code: 'UNKNOWN_APPLICATION' });
    throw error;
  });
  if (!params.redirect_uri) throw new InvalidRequestError('missing parameter: redirect_uri', { code: 'MISSING_PARAMETER' });
  if (!redirectUriMatches(params.redirect_uri, client.redirectUris, client.applicationType)) {
    throw new InvalidRequestError('redirect_uri is not registered for this client', { code: 'INVALID_PARAMETER' });
  }

  const redirect = { redirectUri: params.redirect_uri, state: params.state };
  const fail = (error: string, description: string): never => {
    throw new RedirectableError(error, description, redirect);
  };
  if (params.request !== undefined) fail('request_not_supported', 'request objects are not supported');
  if (params.request_uri !== undefined) fail('request_uri_not_supported', 'request_uri is not supported');
  if (params.response_type !== 'code') fail('unsupported_response_type', 'response_type must be code');
  if (params.response_mode !== undefined && params.response_mode !== 'query') fail('invalid_request', 'response_mode must be query');
  if (!client.grantTypes.includes('authorization_code')) fail('unauthorized_client', 'the client may not use the authorization code flow');
  // RFC 9700 §2.1.1: PKCE with S256 on every code flow.
  if (!params.code_challenge) fail('invalid_request', 'code_challenge is required (PKCE, S256)');
  if (params.code_challenge_method !== 'S256') fail('invalid_request', 'code_challenge_method must be S256');
  if (!PKCE_CHALLENGE.test(params.code_challenge!)) fail('invalid_request', 'code_challenge must be 43 base64url characters');

  if (params.dpop_jkt !== undefined && !DPOP_JKT.test(params.dpop_jkt)) {
    fail('invalid_request', 'dpop_jkt must be the base64url SHA-256 thumbprint of a JWK (43 characters)');
  }

  let scope: string[] = [];
  try {
    scope = requireAllowedScopes(parseScope(params.scope), userScopes(client));
  } catch (error) {
    if (error instanceof OAuthError) fail(error.error, error.description);
    throw error;
  }
  const prompt = (params.prompt ?? '').split(' ').filter(Boolean);
  if (prompt.some((value) => !PROMPTS.includes(value))) fail('invalid_request', 'prompt has an unknown value');
  if (prompt.includes('none') && prompt.length > 1) fail('invalid_request', 'prompt=none cannot be combined');
  let maxAge: number | undefined;
  if (params.max_age !== undefined) {
    if (!/^\d{1,9}$/.test(params.max_age)) fail('invalid_request', 'max_age must be a number of seconds');
    maxAge = Number(params.max_age);
  }

  const request: AuthorizationRequest = {
    clientId: client.clientId,
    redirectUri: params.redirect_uri,
    scope,
    state: params.state,
    nonce: params.nonce,
    codeChallenge: params.code_challenge!,
    prompt,
    maxAge,
    ...(params.dpop_jkt !== undefined && { dpopJkt: params.dpop_jkt }),
  };
  if (Buffer.byteLength(JSON.stringify(request)) > STORED_REQUEST_LIMIT) {
    throw new InvalidRequestError(`the authorization request is too large (at most ${STORED_REQUEST_LIMIT} bytes)`, { code: 'REQUEST_TOO_LARGE' });
  }
  return { client, request };
}

/** RFC 6749 §3.1: parameters must not repeat; empty ones count as absent. */
function singleValued(raw: Record<string, unknown>): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new InvalidRequestError(`${name} must be given once`, { code: 'DUPLICATE_PARAMETER' });
    const limit = PARAMETER_LIMITS.get(name) ?? ANY_PARAMETER_LIMIT;
    if (value.length > limit) throw new InvalidRequestError(`${name} is too long (at most ${limit} characters)`, { code: 'INVALID_PARAMETER' });
    if (hasControlCharacters(value)) throw new InvalidRequestError(`${name} contains control characters`, { code: 'INVALID_PARAMETER' });
    if (value !== '') params[name] = value;
  }
  return params;
}
