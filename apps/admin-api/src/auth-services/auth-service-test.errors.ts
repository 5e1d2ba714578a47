import { DomainError } from '@rapidauth/errors';

/** The service's type has no connection test (only directory and custom-adaptor services have one). */
export class NoConnectionTestError extends DomainError {
  declare readonly code: 'UNSUPPORTED_PROVIDER';

  constructor(type: string) {
    super('UNSUPPORTED_PROVIDER', `${type} services have no connection test`, { field: 'type' });
  }
}
