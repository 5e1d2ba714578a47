import { DomainError } from '@rapidauth/errors';

export type IdentityErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'IDENTITY_TEMPORARILY_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'TOO_WEAK_PASSWORD'
  | 'EXISTING_IDENTITY'
  | 'INVALID_USERNAME'
  | 'INVALID_EMAIL'
  | 'INVALID_PHONE_NUMBER';

/** A login or identity operation refused, with its catalogue code; `field` is the input at fault (`password`, `username`, `email`). */
export class IdentityError extends DomainError {
  declare readonly code: IdentityErrorCode;
  /** For IDENTITY_TEMPORARILY_LOCKED: when to try again. */
  readonly retryAfter?: Date;

  constructor(code: IdentityErrorCode, message: string, details: { retryAfter?: Date; field?: string } = {}) {
    super(code, message, { field: details.field });
    this.retryAfter = details.retryAfter;
  }
}
