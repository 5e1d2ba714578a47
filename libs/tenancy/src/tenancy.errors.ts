import { DomainError } from '@rapidauth/errors';

export type TenancyErrorCode =
  | 'INVALID_NAME'
  | 'RESERVED_NAME'
  | 'NAME_TAKEN'
  | 'NOT_FOUND'
  | 'NOT_EMPTY'
  | 'INVALID_CLIENT_SETTINGS'
  | 'INVALID_SERVICE_SETTINGS'
  | 'SERVICE_IN_USE';

/** A provisioning request that cannot be carried out; `field` names the offending input. */
export class TenancyError extends DomainError {
  declare readonly code: TenancyErrorCode;

  constructor(code: TenancyErrorCode, message: string, field?: string) {
    super(code, message, { field });
  }
}
