import { DeviceError } from '@rapidauth/devices';
import { InvalidGrantError, InvalidRequestError, NotFoundError, type OAuthError } from '@rapidauth/oauth';

/** A device-profile refusal as the gateway answers it (docs/gateway.md#errors). */
export function deviceRefusal(error: DeviceError): OAuthError {
  const field = error.field;
  switch (error.code) {
    case 'UNKNOWN_PROFILE':
      return new NotFoundError(error.message, { code: 'UNKNOWN_PROFILE', field });
    case 'INVALID_PIN':
    case 'PIN_ATTEMPTS_EXCEEDED':
      return new InvalidGrantError(error.message, { code: error.code, field, extra: { attempts_left: error.attemptsLeft ?? 0 } });
    case 'INVALID_GRANT':
    case 'PIN_REQUIRED':
    case 'PIN_NOT_SET':
    case 'INVALID_BIOMETRIC_ASSERTION':
      return new InvalidGrantError(error.message, { code: error.code, field });
    case 'TOO_WEAK_PIN':
    case 'MISSING_PARAMETER':
      return new InvalidRequestError(error.message, { code: error.code, field });
    default:
      return new InvalidRequestError(error.message, { code: 'INVALID_PARAMETER', field });
  }
}

/** Runs `work`, answering its device refusals as the gateway's errors. */
export async function refusingAsDeviceError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof DeviceError ? deviceRefusal(error) : error;
  }
}
