/** One invalid input: `field` is a path such as `config.providerUri` or `config.headerMappings[0].header`. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * A service type or config that cannot be saved or opened. Lists every problem found; messages name
 * the field and what is expected, and never contain a configured value (it may be a secret).
 */
export class ConnectorConfigError extends Error {
  readonly code = 'INVALID_SERVICE_CONFIG';

  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((problem) => problem.message).join('; '));
    this.name = 'ConnectorConfigError';
  }
}
