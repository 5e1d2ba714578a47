export type IdentityErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'IDENTITY_TEMPORARILY_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'TOO_WEAK_PASSWORD'
  | 'EXISTING_IDENTITY'
  | 'INVALID_USERNAME';

/** A login or identity operation refused, with its catalogue code (webcom-authentication.txt). */
export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    /** For IDENTITY_TEMPORARILY_LOCKED: when to try again. */
    readonly retryAfter?: Date,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}
