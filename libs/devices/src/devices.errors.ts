import { DomainError, type FieldProblem } from '@rapidauth/errors';

/** The catalogue codes device code refuses with (docs/admin-api.md#app-signatures, docs/gateway.md#device-registration, docs/gateway.md#device-profiles). */
export type DeviceErrorCode =
  | 'INVALID_PARAMETER'
  | 'MISSING_PARAMETER'
  | 'NAME_TAKEN'
  | 'INVALID_GRANT'
  | 'INVALID_TOKEN'
  | 'UNKNOWN_APP_VERSION'
  | 'INVALID_OCRA_RESPONSE'
  | 'CLOCK_SKEW_TOO_LARGE'
  | 'REGISTRATION_ALREADY_USED'
  | 'INVALID_REGISTRATION'
  | 'UNKNOWN_PROFILE'
  | 'INVALID_PIN'
  | 'TOO_WEAK_PIN'
  | 'PIN_ATTEMPTS_EXCEEDED'
  | 'PIN_REQUIRED'
  | 'PIN_NOT_SET'
  | 'INVALID_BIOMETRIC_ASSERTION';

/** A device or app-signature operation refused, with its catalogue code and the inputs at fault. */
export class DeviceError extends DomainError {
  declare readonly code: DeviceErrorCode;
  /** INVALID_PIN, PIN_ATTEMPTS_EXCEEDED: how many wrong attempts the profile has left. */
  readonly attemptsLeft?: number;

  constructor(code: DeviceErrorCode, message: string, at: { field?: string; fields?: readonly FieldProblem[]; attemptsLeft?: number } = {}) {
    super(code, message, at);
    this.attemptsLeft = at.attemptsLeft;
  }
}

/** A registration refused, naming the app signature it was for when it is known (the gateway audits it). */
export class RegistrationRefusedError extends DeviceError {
  constructor(
    code: DeviceErrorCode,
    message: string,
    readonly signature?: { readonly id: string; readonly environmentId: string },
    at: { field?: string } = {},
  ) {
    super(code, message, at);
  }
}
