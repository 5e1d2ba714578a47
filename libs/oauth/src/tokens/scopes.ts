import { InvalidRequestError, InvalidScopeError } from '../errors';
import type { AppClient } from '../clients/resolved-client';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'phone', 'address', 'offline_access'] as const;
/** RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Splits a scope parameter, refusing malformed tokens; duplicates collapse. */
export function parseScope(value: string | undefined): string[] {
  if (value === undefined) return [];
  const scopes = value.split(' ').filter(Boolean);
  for (const scope of scopes) {
    if (!SCOPE_TOKEN.test(scope) || scope.length > 128) {
      throw new InvalidRequestError('scope contains an invalid scope token', { code: 'INVALID_PARAMETER' });
    }
  }
  return [...new Set(scopes)];
}

/** Every requested scope must be one the client may have; otherwise invalid_scope naming them. */
export function requireAllowedScopes(requested: readonly string[], allowed: readonly string[]): string[] {
  const unknown = requested.filter((scope) => !allowed.includes(scope));
  if (unknown.length > 0) throw new InvalidScopeError(`scope not allowed: ${unknown.join(' ')}`);
  return [...requested];
}

/** The scopes a user login may carry for this client. */
export function userScopes(client: AppClient): string[] {
  return withinDevice(client, [...OIDC_SCOPES, ...client.customScopes]);
}

/** A device client may have no scope its app signature does not approve. */
function withinDevice(client: AppClient, scopes: string[]): string[] {
  const device = client.device;
  return device ? scopes.filter((scope) => device.scopes.includes(scope)) : scopes;
}

/**
 * Where a grant type's scope comes from (RFC 6749 §3.3); the token endpoint applies it, once:
 * - `request`: the request's `scope`, every token of it one the client may have — with `openid`
 *   (a user's login) the OpenID Connect scopes and the environment's custom scopes, without (no
 *   user) the custom scopes alone. Decided before the grant runs, which records it with the login.
 * - `login`: what the login was granted (refresh, RFC 6749 §6): the request may ask for a
 *   narrower `scope`, never one that exceeds it; none asked for keeps all of it.
 * - `code`: what the authorization code was granted (RFC 6749 §4.1.3: the request has no `scope`).
 */
export type ScopePolicy = { readonly from: 'request'; readonly openid: boolean } | { readonly from: 'login' } | { readonly from: 'code' };

/** A scope policy applied to one token request, at the two points of the endpoint that need it. */
export interface ScopeDecision {
  /** The scope the grant runs with: a `request` policy's; empty for the others. */
  readonly granted: readonly string[];
  /** The tokens' scope, given the scope the grant's login or code holds (its outcome's). */
  tokenScope(held: readonly string[]): string[];
}

/**
 * Applies `policy` to a request's parameters. A `request` policy refuses here, before the grant
 * runs; a `login` policy reads the `scope` parameter only once the grant found the login (an
 * unusable refresh token is refused as such, whatever its `scope`).
 */
export function decideScope(policy: ScopePolicy, params: Readonly<Record<string, string>>, client: AppClient): ScopeDecision {
  if (policy.from === 'request') {
    const granted = requireAllowedScopes(parseScope(params.scope), policy.openid ? userScopes(client) : withinDevice(client, [...client.customScopes]));
    return { granted, tokenScope: () => [...granted] };
  }
  if (policy.from === 'login') {
    return {
      granted: [],
      tokenScope: (held) => {
        const requested = parseScope(params.scope);
        return requested.length > 0 ? requireAllowedScopes(requested, held) : [...held];
      },
    };
  }
  return { granted: [], tokenScope: (held) => [...held] };
}
