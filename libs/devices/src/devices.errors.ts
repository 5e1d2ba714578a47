import { DomainError, type FieldProblem } from '@rapidauth/errors';

/** The catalogue codes device code refuses with (docs/admin-api.md#app-signatures, docs/gateway.md#device-registration). */
export type DeviceErrorCode =
  | 'INVALID_PARAMETER'
  | 'NAME_TAKEN'
  | 'UNKNOWN_APP_VERSION'
  | 'INVALID_OCRA_RESPONSE'
  | 'CLOCK_SKEW_TOO_LARGE'
  | 'REGISTRATION_ALREADY_USED'
  | 'INVALID_REGISTRATION'
  | 'INVALID_TOKEN';

/** A device or app-signature operation refused, with its catalogue code and the inputs at fault. */
export class DeviceError extends DomainError {
  declare readonly code: DeviceErrorCode;

  constructor(code: DeviceErrorCode, message: string, at: { field?: string; fields?: readonly FieldProblem[] } = {}) {
    super(code, message, at);
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
