import { DomainError } from '@rapidauth/errors';

/** The service's type has no connection test (the built-in `local` service). */
export class NoConnectionTestError extends DomainError {
  declare readonly code: 'UNSUPPORTED_PROVIDER';

  constructor(type: string) {
    super('UNSUPPORTED_PROVIDER', `${type} services have no connection test`, { field: 'type' });
  }
}
