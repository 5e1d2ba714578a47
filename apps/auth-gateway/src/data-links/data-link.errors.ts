import { OAuthError } from '@rapidauth/oauth';

/** No enabled data link of that name in the token's environment (docs/gateway.md#errors). */
export class UnknownDataLinkError extends OAuthError {
  readonly error = 'not_found';
  readonly status = 404;
  constructor() {
    super('no such data link', { code: 'UNKNOWN_DATA_LINK' });
  }
}

/** The token was issued through another auth service than the link's. */
export class ServiceMismatchError extends OAuthError {
  readonly error = 'access_denied';
  readonly status = 403;
  constructor(detail: string) {
    super('this data link takes tokens of another auth service', { code: 'SERVICE_MISMATCH', detail });
  }
}

/**
 * The backend could not be reached (502, RFC 9110 §15.6.3) or did not answer within the link's
 * timeout (504, §15.6.5). `detail` names the failure, never a header or body.
 */
export class BackendUnavailableError extends OAuthError {
  readonly error = 'temporarily_unavailable';
  constructor(
    readonly status: 502 | 504,
    detail: string,
  ) {
    super(status === 504 ? 'the data link backend did not answer in time' : 'the data link backend cannot be reached', { code: 'UPSTREAM_UNAVAILABLE', detail });
  }
}
