import { isDatabaseUnavailable } from '@rapidauth/database';
import type { Metrics } from '@rapidauth/observability';
import { OAuthError } from '../errors';

/** The grant_type label of a request whose grant_type names no grant served there (or is missing): never the raw input. */
export const UNKNOWN_GRANT_TYPE = 'unknown';

/** `grantType` when it is one of `served`, else UNKNOWN_GRANT_TYPE. */
export function grantTypeLabel(grantType: unknown, served: { has(name: string): boolean }): string {
  return typeof grantType === 'string' && served.has(grantType) ? grantType : UNKNOWN_GRANT_TYPE;
}

/**
 * Counts one token request in `rapidauth_token_requests_total` once it has answered: `success`,
 * or the RFC 6749 §5.2 `error` of its refusal (`temporarily_unavailable` while the database is
 * down, `server_error` for anything unexpected, as renderOAuthError answers them).
 */
export async function countTokenRequest<T>(metrics: Metrics, grantType: string, answer: () => Promise<T>): Promise<T> {
  try {
    const result = await answer();
    metrics.tokenRequest(grantType, 'success');
    return result;
  } catch (error) {
    metrics.tokenRequest(grantType, tokenRequestOutcome(error));
    throw error;
  }
}

function tokenRequestOutcome(error: unknown): string {
  if (error instanceof OAuthError) return error.error;
  return isDatabaseUnavailable(error) ? 'temporarily_unavailable' : 'server_error';
}
