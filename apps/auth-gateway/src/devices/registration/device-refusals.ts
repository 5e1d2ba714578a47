import { DeviceError } from '@rapidauth/devices';
import { InvalidRequestError, InvalidSoftwareStatementError, InvalidTokenError, type OAuthError, UnapprovedSoftwareStatementError } from '@rapidauth/oauth';

/**
 * Device registration's refusals as RFC 7591 §3.2.2 errors (docs/gateway.md#device-registration):
 * the SDK shows one general error, the catalogue `code` tells which. Other errors pass unchanged.
 */
export function deviceRefusal(error: unknown): unknown {
  if (!(error instanceof DeviceError)) return error;
  const refusal = asOAuthError(error);
  return refusal ?? error;
}

function asOAuthError(error: DeviceError): OAuthError | undefined {
  switch (error.code) {
    case 'UNKNOWN_APP_VERSION':
      return new UnapprovedSoftwareStatementError(error.message, { code: 'UNKNOWN_APP_VERSION' });
    case 'INVALID_OCRA_RESPONSE':
    case 'CLOCK_SKEW_TOO_LARGE':
      return new InvalidSoftwareStatementError('the software statement (OCRA response) is invalid', { code: error.code });
    case 'REGISTRATION_ALREADY_USED':
    case 'INVALID_REGISTRATION':
      return new InvalidRequestError(error.message, { code: error.code, field: 'registration_id' });
    case 'INVALID_PARAMETER':
      return new InvalidRequestError(error.message, { code: 'INVALID_PARAMETER', field: error.field });
    case 'INVALID_TOKEN':
      return new InvalidTokenError('the registration access token is invalid');
    default:
      return undefined;
  }
}
