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

export type ConnectorErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_DISABLED'
  | 'IDENTITY_TEMPORARILY_LOCKED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_REJECTED'
  | 'ACCESS_DENIED'
  | 'UPSTREAM_REFRESH_FAILED';

/**
 * An upstream login or refresh refused, or the upstream not usable. The message is safe for the
 * client (no DN, no host, no configured value); `detail` is for the log only and never sent.
 */
export class ConnectorError extends DomainError {
  declare readonly code: ConnectorErrorCode;
  readonly detail?: string;
  /** For UPSTREAM_UNAVAILABLE and IDENTITY_TEMPORARILY_LOCKED: when to try again. */
  readonly retryAfterSeconds?: number;

  constructor(code: ConnectorErrorCode, message: string, options: { detail?: string; retryAfterSeconds?: number } = {}) {
    super(code, message);
    this.detail = options.detail;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
