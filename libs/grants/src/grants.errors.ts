import { DomainError } from '@rapidauth/errors';

export type GrantErrorCode =
  | 'GRANT_NOT_FOUND'
  | 'UNKNOWN_PRINCIPAL_DOMAIN'
  | 'UNKNOWN_PRINCIPAL'
  | 'CLIENT_OUTSIDE_DOMAIN'
  | 'READ_ONLY_FIELD'
  | 'INVALID_SORT'
  | 'INVALID_QUERY';

/** An authentication-grant request that cannot be carried out; `field` names the offending input. */
export class GrantError extends DomainError {
  declare readonly code: GrantErrorCode;

  constructor(code: GrantErrorCode, message: string, field?: string) {
    super(code, message, { field });
  }
}
