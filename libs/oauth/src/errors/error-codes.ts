/**
 * The gateway's error catalogue (webcom-authentication.txt plus our own), sent as `code` beside
 * the RFC 6749 `error`. Stable: clients and tests branch on these, never on message text.
 */
export type ErrorCode =
  | 'UNKNOWN_APPLICATION'
  | 'PROVIDER_DISABLED'
  | 'INVALID_CREDENTIALS'
  | 'IDENTITY_TEMPORARILY_LOCKED'
  | 'TOKEN_TOO_OLD'
  | 'MISSING_PARAMETER'
  | 'INVALID_PARAMETER'
  | 'DUPLICATE_PARAMETER'
  | 'UNAUTHORIZED_REQUEST_ORIGIN'
  | 'INVALID_STATE'
  | 'INVALID_TOKEN'
  | 'INVALID_CLIENT'
  | 'CLIENT_DISABLED'
  | 'UNAUTHORIZED_CLIENT'
  | 'UNSUPPORTED_GRANT_TYPE'
  | 'INVALID_GRANT'
  | 'INVALID_SCOPE'
  | 'ACCOUNT_DISABLED'
  | 'TOO_WEAK_PASSWORD'
  | 'EXISTING_IDENTITY'
  | 'INVALID_USERNAME'
  | 'CONSENT_REQUIRED'
  | 'RATE_LIMITED'
  | 'REQUEST_TOO_LARGE'
  | 'MALFORMED_REQUEST'
  | 'SERVER_ERROR';
