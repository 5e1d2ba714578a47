import type { ConnectorErrorCode } from '@rapidauth/connectors';
import type { IdentityErrorCode } from '@rapidauth/identity';

/** An unreachable upstream is usually back, or failed over, within seconds. */
const UPSTREAM_RETRY_SECONDS = 5;

/** The catalogue codes a form login ends with when it does not sign the user in (docs/gateway.md#errors). */
export type FormLoginErrorCode = Extract<IdentityErrorCode, 'INVALID_CREDENTIALS' | 'ACCOUNT_DISABLED' | 'IDENTITY_TEMPORARILY_LOCKED' | 'EXISTING_IDENTITY'> | ConnectorErrorCode;

/**
 * A form login refused (wrong credentials, disabled, locked, refused upstream) or impossible now
 * (UPSTREAM_UNAVAILABLE). The login page and the token endpoint each answer it their way; the
 * message is safe for the user.
 */
export class FormLoginError extends Error {
  /** For UPSTREAM_UNAVAILABLE: when to try again (RFC 9110 §10.2.3 Retry-After), as the connector said or a few seconds. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: FormLoginErrorCode,
    message: string,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'FormLoginError';
    this.retryAfterSeconds = code === 'UPSTREAM_UNAVAILABLE' ? (retryAfterSeconds ?? UPSTREAM_RETRY_SECONDS) : undefined;
  }

  /** Nothing was wrong with what the user typed: the upstream could not be asked. */
  get unavailable(): boolean {
    return this.code === 'UPSTREAM_UNAVAILABLE';
  }
}
