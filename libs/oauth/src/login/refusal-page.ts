import type { ErrorCode } from '../errors';
import { TooManyRequestsError } from '../errors';
import type { FormLoginError } from './form-login.error';

/**
 * How the login page answers a refused sign-in: the page again with the catalogue code, and the
 * status a client would get for it (docs/gateway.md#errors): 401 for the credentials, 400 for a
 * login the upstream refused, 429 over the rate limit and 503 while the upstream cannot be asked,
 * those two with Retry-After.
 */
export function refusalPage(error: FormLoginError | TooManyRequestsError): { status: number; error: ErrorCode; retryAfterSeconds?: number } {
  if (error instanceof TooManyRequestsError) return { status: 429, error: error.code, retryAfterSeconds: error.retryAfterSeconds };
  if (error.unavailable) return { status: 503, error: error.code, retryAfterSeconds: error.retryAfterSeconds };
  if (error.code === 'EXISTING_IDENTITY') return { status: 409, error: error.code };
  return { status: error.code === 'UPSTREAM_REJECTED' ? 400 : 401, error: error.code };
}
