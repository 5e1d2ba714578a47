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
  return [...OIDC_SCOPES, ...client.customScopes];
}
