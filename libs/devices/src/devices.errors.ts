import { DomainError, type FieldProblem } from '@rapidauth/errors';

/** The catalogue codes device code refuses with (docs/admin-api.md#app-signatures). */
export type DeviceErrorCode = 'INVALID_PARAMETER' | 'NAME_TAKEN';

/** A device or app-signature operation refused, with its catalogue code and the inputs at fault. */
export class DeviceError extends DomainError {
  declare readonly code: DeviceErrorCode;

  constructor(code: DeviceErrorCode, message: string, at: { field?: string; fields?: readonly FieldProblem[] } = {}) {
    super(code, message, at);
  }
}
