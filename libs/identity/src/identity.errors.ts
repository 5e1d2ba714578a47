export type IdentityErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'IDENTITY_TEMPORARILY_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'TOO_WEAK_PASSWORD'
  | 'EXISTING_IDENTITY'
  | 'INVALID_USERNAME';

/** A login or identity operation refused, with its catalogue code. */
export class IdentityError extends Error {
  /** For IDENTITY_TEMPORARILY_LOCKED: when to try again. */
  readonly retryAfter?: Date;
  /** The input field at fault, when one is (`password`, `username`, `email`). */
  readonly field?: string;

  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    details: { retryAfter?: Date; field?: string } = {},
  ) {
    super(message);
    this.name = 'IdentityError';
    this.retryAfter = details.retryAfter;
    this.field = details.field;
  }
}
