import { DomainError } from '@rapidauth/errors';

/**
 * A change to a key that names the upstream user (`userIdAttribute`) of a service users have
 * signed in through: each would get a second account on their next login.
 */
export class IdentitiesExistError extends DomainError {
  declare readonly code: 'IDENTITIES_EXIST';

  constructor(key: string) {
    super('IDENTITIES_EXIST', `${key} names the users of this service and cannot change while it has identities`, { field: `config.${key}` });
  }
}
