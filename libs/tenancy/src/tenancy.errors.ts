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
export class TenancyError extends Error {
  constructor(
    readonly code: TenancyErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TenancyError';
  }
}
