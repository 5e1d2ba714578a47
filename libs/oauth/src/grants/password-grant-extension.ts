import type { GrantOutcome, GrantRequest } from './grant-type';

/** The `username` and `password` of a password-grant request (RFC 6749 §4.3.2). */
export interface PasswordCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * A login the password grant hands over instead of signing a user in: an authentication grant's key
 * and secret (libs/grants provides it). Optional: without it the password grant signs users in only.
 */
export interface PasswordGrantExtension {
  /**
   * Whether this `username` is the extension's, by its shape alone: an unknown key takes the
   * extension's path too, so its refusal looks like every other.
   */
  handles(username: string | undefined): boolean;
  /**
   * Logs in with the presented credentials and the scope the endpoint granted (`request.scope`);
   * any refusal is an `invalid_grant` after the same work (lookup and secret HMAC) whatever the reason.
   */
  login(request: GrantRequest, credentials: PasswordCredentials): Promise<GrantOutcome>;
}

/** Injection token of the optional PasswordGrantExtension. */
export const PASSWORD_GRANT_EXTENSION = Symbol('PASSWORD_GRANT_EXTENSION');
