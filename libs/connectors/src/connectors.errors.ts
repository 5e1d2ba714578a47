import { DomainError, type FieldProblem } from '@rapidauth/errors';

export type { FieldProblem };

/**
 * A service type or config that cannot be saved or opened. `fields` lists every problem found;
 * messages name the field and what is expected, and never contain a configured value (it may be a secret).
 */
export class ConnectorConfigError extends DomainError {
  declare readonly code: 'INVALID_SERVICE_CONFIG';

  constructor(fields: readonly FieldProblem[]) {
    super('INVALID_SERVICE_CONFIG', 'the service configuration is invalid', { fields });
  }
}
