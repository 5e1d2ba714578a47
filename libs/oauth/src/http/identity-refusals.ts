import { IdentityError } from '@rapidauth/identity';
import {
  AccessDeniedError,
  ConflictError,
  InvalidGrantError,
  InvalidRequestError,
  type OAuthError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from '../errors';

/** Mail or SMS that could not be sent is usually sendable again within seconds (unless the refusal says when). */
const DELIVERY_RETRY_SECONDS = 5;

/**
 * An identity refusal (docs/gateway.md#errors) as the gateway answers it; undefined for the codes
 * that are not a refusal of the request (their callers map them).
 */
export function identityRefusal(error: IdentityError, now = Date.now()): OAuthError | undefined {
  const field = error.field;
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
    case 'IDENTITY_TEMPORARILY_LOCKED':
    case 'ACCOUNT_DISABLED':
    case 'INVALID_TOKEN':
      return new InvalidGrantError(error.message, { code: error.code });
    case 'INVALID_OTP':
      return new InvalidGrantError(error.message, { code: 'INVALID_OTP', field, extra: { attempts_left: error.attemptsLeft ?? 0 } });
    case 'TOO_WEAK_PASSWORD':
    case 'INVALID_EMAIL':
    case 'INVALID_PHONE_NUMBER':
    case 'INVALID_USERNAME':
    case 'MISSING_EMAIL_OR_PASSWORD':
      return new InvalidRequestError(error.message, { code: error.code, field });
    case 'EXISTING_IDENTITY':
    case 'MFA_ALREADY_ENROLLED':
    case 'MFA_NOT_ENROLLED':
      return new ConflictError(error.message, { code: error.code });
    case 'UNVERIFIED_IDENTITY':
    case 'PROVIDER_DISABLED':
      return new AccessDeniedError(error.message, { code: error.code });
    case 'RATE_LIMITED':
      return new TooManyRequestsError(secondsUntil(error.retryAfter, now));
    case 'DELIVERY_FAILED':
      return new ServiceUnavailableError({ code: 'DELIVERY_FAILED', retryAfterSeconds: error.retryAfter ? secondsUntil(error.retryAfter, now) : DELIVERY_RETRY_SECONDS, detail: error.message });
    default:
      return undefined;
  }
}

const secondsUntil = (at: Date | undefined, now: number) => Math.max(1, Math.ceil(((at?.getTime() ?? now) - now) / 1000));

/** Runs `work`, answering its identity refusals as the gateway's errors. */
export async function refusingAsOAuth<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw (error instanceof IdentityError && identityRefusal(error)) || error;
  }
}
