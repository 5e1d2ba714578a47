import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';
import { ConnectorError } from '../connectors.errors';

/**
 * Whether openid-client's error means the upstream could not be asked (network, timeout, a 5xx)
 * rather than an answer we refuse.
 */
function unreachable(error: unknown): boolean {
  // By name: fetch's errors may come from another realm than this module's TypeError (fetch rejects with a TypeError).
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TypeError' || name === 'TimeoutError' || name === 'AbortError') return true;
  if (error instanceof ResponseBodyError) return error.status >= 500;
  if (error instanceof ClientError) {
    const cause = error.cause as { name?: unknown; status?: unknown } | undefined;
    if (typeof cause?.name === 'string') return unreachable(cause);
    return typeof cause?.status === 'number' && cause.status >= 500;
  }
  return false;
}

/**
 * An upstream failure as a ConnectorError: unreachable → UPSTREAM_UNAVAILABLE; an error
 * answer of the authorization endpoint (RFC 6749 §4.1.2.1) → ACCESS_DENIED; anything else
 * (a token or ID token we refuse, an error of the token endpoint) → `refused`. `detail` names
 * the failure for the log, never a token.
 */
export function upstreamError(error: unknown, refused: 'UPSTREAM_REJECTED' | 'UPSTREAM_REFRESH_FAILED', step: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const detail = `${step}: ${describe(error)}`;
  if (unreachable(error)) return new ConnectorError('UPSTREAM_UNAVAILABLE', 'the sign-in service cannot be reached right now', { detail });
  if (error instanceof AuthorizationResponseError) return new ConnectorError('ACCESS_DENIED', 'the sign-in was declined at the identity provider', { detail });
  const message = refused === 'UPSTREAM_REFRESH_FAILED' ? 'the identity provider no longer accepts this login' : 'the identity provider answer was refused';
  return new ConnectorError(refused, message, { detail });
}

function describe(error: unknown): string {
  if (error instanceof ResponseBodyError) return `${error.status} ${error.error}`;
  if (error instanceof AuthorizationResponseError) return `authorization error ${error.error}`;
  if (error instanceof ClientError) return `${error.code ?? 'client error'}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
