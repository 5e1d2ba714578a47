import { InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { ConnectorError } from '../connectors.errors';

/** How long a client should wait before trying a directory that did not answer again. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The directory could not be used: unreachable, TLS refused, timed out, or an answer that is no
 * login decision (busy, base DN missing, service account refused). The message is client-safe; the
 * detail, for the log, names the step and the library's error, never a password.
 */
export function unavailable(step: string, cause: unknown): ConnectorError {
  if (cause instanceof ConnectorError) return cause;
  const reason = cause instanceof Error ? `${cause.name}${'code' in cause ? ` ${String(cause.code)}` : ''}: ${cause.message}` : String(cause);
  return new ConnectorError('UPSTREAM_UNAVAILABLE', 'the directory is not available', {
    detail: `${step}: ${reason}`,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

export function invalidCredentials(detail: string): ConnectorError {
  return new ConnectorError('INVALID_CREDENTIALS', 'the username or password is not correct', { detail });
}

/** An LDAP result code (RFC 4511 §4.1.9) rather than a broken connection, a TLS failure or a timeout. */
export function isResultCode(error: unknown): error is ResultCodeError {
  return error instanceof ResultCodeError;
}

/** RFC 4511 §4.2.2: resultCode invalidCredentials (49) to a bind: the password (or name) is wrong. */
export function isInvalidCredentials(error: unknown): error is InvalidCredentialsError {
  return error instanceof InvalidCredentialsError;
}

/** Runs one directory step, turning anything but a ConnectorError into UPSTREAM_UNAVAILABLE. */
export async function directoryStep<T>(step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw unavailable(step, error);
  }
}

/**
 * RFC 4511 §4.1.9 results to a user's bind that mean "not this user with this password":
 * noSuchObject and invalidDNSyntax (a bind name the directory does not know or cannot read),
 * inappropriateAuthentication, invalidCredentials, insufficientAccessRights, unwillingToPerform.
 */
const REFUSALS = new Set([32, 34, 48, 49, 50, 53]);

/** A user's bind answered with an LDAP result: a refusal of the credentials, or the directory unable to decide. */
export function userBindRefused(error: ResultCodeError): ConnectorError {
  return REFUSALS.has(error.code) ? invalidCredentials(`bind refused: ${error.name}`) : unavailable('user bind', error);
}
