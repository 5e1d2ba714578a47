import { DomainError } from '@rapidauth/errors';

export type IdentityErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'IDENTITY_TEMPORARILY_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'TOO_WEAK_PASSWORD'
  | 'EXISTING_IDENTITY'
  | 'INVALID_USERNAME'
  | 'MISSING_EMAIL_OR_PASSWORD'
  | 'UNVERIFIED_IDENTITY'
  | 'INVALID_PROVIDER_SETTINGS'
  | 'INVALID_EMAIL'
  | 'INVALID_PHONE_NUMBER'
  | 'INVALID_OTP'
  | 'MFA_REQUIRED'
  | 'MFA_ALREADY_ENROLLED'
  | 'MFA_NOT_ENROLLED'
  | 'DELIVERY_FAILED'
  | 'PROVIDER_DISABLED'
  | 'RATE_LIMITED'
  | 'INVALID_TOKEN';

/** A login or identity operation refused, with its catalogue code; `field` is the input at fault (`password`, `username`, `email`). */
export class IdentityError extends DomainError {
  declare readonly code: IdentityErrorCode;
  /** For IDENTITY_TEMPORARILY_LOCKED and RATE_LIMITED: when to try again. */
  readonly retryAfter?: Date;
  /** For INVALID_OTP: how many more guesses the code allows (0 when none is left, or there is no live code). */
  readonly attemptsLeft?: number;

  constructor(code: IdentityErrorCode, message: string, details: { retryAfter?: Date; attemptsLeft?: number; field?: string } = {}) {
    super(code, message, { field: details.field });
    this.retryAfter = details.retryAfter;
    this.attemptsLeft = details.attemptsLeft;
  }
}
