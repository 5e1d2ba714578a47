import { OAuthError } from '../errors';

/** RFC 6749 §4.1.2.1 errors sent back to the client's redirect URI (once that URI is trusted). */
export class RedirectableError extends OAuthError {
  constructor(
    readonly error: string,
    description: string,
    readonly redirect: { redirectUri: string; state?: string },
  ) {
    super(description, { code: 'INVALID_PARAMETER' });
  }
  readonly status = 303;
}

export class UnsupportedResponseTypeError extends OAuthError {
  readonly error = 'unsupported_response_type';
  readonly status = 400;
  constructor(description: string) {
    super(description, { code: 'INVALID_PARAMETER' });
  }
}
