import { isDatabaseUnavailable } from '@rapidauth/database';
import type { Metrics } from '@rapidauth/observability';
import { OAuthError } from '../errors';
import { FormLoginError } from './form-login.error';

/** The connector_type label before the login is known to belong to a service (a callback with an unknown state). */
export const UNKNOWN_CONNECTOR_TYPE = 'unknown';

/**
 * Counts one sign-in in `rapidauth_logins_total` once it has ended: `success`, or the catalogue
 * code it was refused with (`DATABASE_UNAVAILABLE` while the database is down, `SERVER_ERROR` for
 * anything unexpected). `connectorType` is read when it ends: a callback learns it on the way.
 */
export async function countLogin<T>(metrics: Metrics, connectorType: () => string, login: () => Promise<T>, outcome: (result: T) => string = () => 'success'): Promise<T> {
  try {
    const result = await login();
    metrics.login(connectorType(), outcome(result));
    return result;
  } catch (error) {
    metrics.login(connectorType(), loginRefusal(error));
    throw error;
  }
}

function loginRefusal(error: unknown): string {
  if (error instanceof FormLoginError || error instanceof OAuthError) return error.code;
  return isDatabaseUnavailable(error) ? 'DATABASE_UNAVAILABLE' : 'SERVER_ERROR';
}
