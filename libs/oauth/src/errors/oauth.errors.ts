import type { ErrorCode } from './error-codes';

/**
 * One class per RFC 6749 / 6750 error (node-oidc-provider's pattern): `error` and `status` for the
 * wire, a client-safe `description`, our catalogue `code`, and a `detail` that is logged, never sent.
 */
export abstract class OAuthError extends Error {
  abstract readonly error: string;
  abstract readonly status: number;
  readonly code: ErrorCode;
  readonly detail?: string;
  /** The input at fault, when one is: answered as `fields` (docs/admin-api.md#errors). */
  readonly field?: string;
  /** Members the answer adds beside `error` and `code` (`attempts_left`, the second factor's `mfa_token`); never a secret of the caller's. */
  readonly extra?: Readonly<Record<string, unknown>>;

  constructor(description: string, options: { code: ErrorCode; detail?: string; field?: string; extra?: Readonly<Record<string, unknown>> }) {
    super(safeDescription(description));
    this.name = new.target.name;
    this.code = options.code;
    this.detail = options.detail;
    this.field = options.field;
    this.extra = options.extra;
  }

  get description(): string {
    return this.message;
  }
}

type Options = { code?: ErrorCode; detail?: string };

/**
 * RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash, ASCII
 * only). Descriptions may name parameters the caller sent, so anything else is replaced and the
 * length bounded.
 */
function safeDescription(description: string): string {
  const safe = description.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
  return safe.length > 200 ? `${safe.slice(0, 197)}...` : safe;
}

export class InvalidRequestError extends OAuthError {
  readonly error = 'invalid_request';
  readonly status = 400;
  constructor(description: string, options: Options & { field?: string } = {}) {
    super(description, { code: options.code ?? 'INVALID_PARAMETER', detail: options.detail, field: options.field });
  }
}

/** RFC 6749 §5.2: 401, with WWW-Authenticate when the client tried HTTP Basic. */
export class InvalidClientError extends OAuthError {
  readonly error = 'invalid_client';
  readonly status = 401;
  constructor(description = 'client authentication failed', options: Options & { basicChallenge?: boolean } = {}) {
    super(description, { code: options.code ?? 'INVALID_CLIENT', detail: options.detail });
    this.basicChallenge = options.basicChallenge ?? false;
  }
  readonly basicChallenge: boolean;
}

export class InvalidGrantError extends OAuthError {
  readonly error = 'invalid_grant';
  readonly status = 400;
  constructor(description = 'the grant is invalid, expired or revoked', options: Options & { field?: string; extra?: Readonly<Record<string, unknown>> } = {}) {
    super(description, { code: options.code ?? 'INVALID_GRANT', detail: options.detail, field: options.field, extra: options.extra });
  }
}

/**
 * The first factor was right and the account needs a second (docs/gateway.md#second-factor-at-login):
 * no tokens; `mfa_token` names the waiting login for `POST /v3/auth/mfa/verify` or the mfa-otp
 * grant. An account under `mfa.required` without an authenticator gets MFA_ENROLLMENT_REQUIRED,
 * no methods, and `mfa_enrolment` naming what its `mfa_token` may enrol (an anonymous login,
 * which cannot enrol, gets no `mfa_token`).
 */
export class MfaRequiredError extends OAuthError {
  readonly error = 'mfa_required';
  readonly status = 403;
  /** Whether a login waits behind it (it has a challenge): a refusal without one keeps nothing. */
  readonly waiting: boolean;

  constructor(challenge: { mfaToken: string; expiresIn: number; methods: readonly string[] } | null, enrolment?: readonly string[]) {
    const enrol = enrolment !== undefined || challenge === null;
    super(enrol ? 'this account must enrol an authenticator to finish the login' : 'a second factor is needed to finish the login', {
      code: enrol ? 'MFA_ENROLLMENT_REQUIRED' : 'MFA_REQUIRED',
      extra: {
        ...(challenge && { mfa_token: challenge.mfaToken }),
        mfa_methods: challenge ? [...challenge.methods] : [],
        ...(enrolment && { mfa_enrolment: [...enrolment] }),
        ...(challenge && { expires_in: challenge.expiresIn }),
      },
    });
    this.waiting = challenge !== null;
  }
}

export class UnauthorizedClientError extends OAuthError {
  readonly error = 'unauthorized_client';
  readonly status = 400;
  constructor(description: string, options: Options = {}) {
    super(description, { code: options.code ?? 'UNAUTHORIZED_CLIENT', detail: options.detail });
  }
}

export class UnsupportedGrantTypeError extends OAuthError {
  readonly error = 'unsupported_grant_type';
  readonly status = 400;
  constructor(description: string, options: Options = {}) {
    super(description, { code: options.code ?? 'UNSUPPORTED_GRANT_TYPE', detail: options.detail });
  }
}

export class InvalidScopeError extends OAuthError {
  readonly error = 'invalid_scope';
  readonly status = 400;
  constructor(description: string, options: Options = {}) {
    super(description, { code: options.code ?? 'INVALID_SCOPE', detail: options.detail });
  }
}

/** RFC 6750 §3.1: a bearer token that is missing, expired, revoked or malformed. */
export class InvalidTokenError extends OAuthError {
  readonly error = 'invalid_token';
  readonly status = 401;
  constructor(description = 'the access token is invalid, expired or revoked', options: Options = {}) {
    super(description, { code: options.code ?? 'INVALID_TOKEN', detail: options.detail });
  }
}

/**
 * RFC 9449 §7.1: at a resource, a DPoP-bound token presented without its proof, as Bearer, with
 * another key or a replayed proof. The challenge is `DPoP` (with `algs`); `nonce` asks for a
 * server nonce (§9, `use_dpop_nonce`) and is sent as `DPoP-Nonce`.
 */
export class DpopTokenError extends OAuthError {
  readonly status = 401;
  readonly error: 'invalid_token' | 'use_dpop_nonce';
  constructor(
    description: string,
    readonly nonce?: string,
  ) {
    super(description, { code: nonce ? 'USE_DPOP_NONCE' : 'INVALID_DPOP_PROOF' });
    this.error = nonce ? 'use_dpop_nonce' : 'invalid_token';
  }
}

/** RFC 9449 §5: a token request whose proof is missing (the client or the login needs one) or invalid. */
export class InvalidDpopProofError extends OAuthError {
  readonly error = 'invalid_dpop_proof';
  readonly status = 400;
  constructor(description = 'the DPoP proof is missing or invalid', options: Options = {}) {
    super(description, { code: 'INVALID_DPOP_PROOF', detail: options.detail });
  }
}

/** RFC 9449 §8: the token endpoint wants a server nonce in the proof; the answer carries it as `DPoP-Nonce`. */
export class UseDpopNonceError extends OAuthError {
  readonly error = 'use_dpop_nonce';
  readonly status = 400;
  constructor(readonly nonce: string) {
    super('the DPoP proof must carry the server nonce given in DPoP-Nonce', { code: 'USE_DPOP_NONCE' });
  }
}

/**
 * RFC 9470 §3: the token is valid but its login is older than the operation allows; the client
 * signs the user in again (with `max_age`, OIDC Core §3.1.2.1) and retries. TOKEN_TOO_OLD.
 */
export class InsufficientUserAuthenticationError extends OAuthError {
  readonly error = 'insufficient_user_authentication';
  readonly status = 401;
  constructor(readonly maxAgeSeconds: number) {
    super(`this operation needs a login at most ${maxAgeSeconds} seconds old; sign in again`, { code: 'TOKEN_TOO_OLD' });
  }
}

/** RFC 7591 §3.2.2: the app build is not one the server approves for registration (UNKNOWN_APP_VERSION). */
export class UnapprovedSoftwareStatementError extends OAuthError {
  readonly error = 'unapproved_software_statement';
  readonly status = 400;
  constructor(description: string, options: Options = {}) {
    super(description, { code: options.code ?? 'UNKNOWN_APP_VERSION', detail: options.detail });
  }
}

/** RFC 7591 §3.2.2: the proof of the app build (the OCRA response) is wrong. */
export class InvalidSoftwareStatementError extends OAuthError {
  readonly error = 'invalid_software_statement';
  readonly status = 400;
  constructor(description: string, options: Options = {}) {
    super(description, { code: options.code ?? 'INVALID_OCRA_RESPONSE', detail: options.detail });
  }
}

/** The caller is known but may not do this (a missing permission on the admin API). */
export class AccessDeniedError extends OAuthError {
  readonly error = 'access_denied';
  readonly status = 403;
  constructor(description: string, options: Options = {}) {
    super(description, { code: options.code ?? 'ACCESS_DENIED', detail: options.detail });
  }
}

/** A browser request from an origin the client did not register (UNAUTHORIZED_REQUEST_ORIGIN, docs/gateway.md#errors). */
export class UnauthorizedOriginError extends OAuthError {
  readonly error = 'access_denied';
  readonly status = 403;
  constructor(origin: string) {
    super('this origin is not allowed for the client', { code: 'UNAUTHORIZED_REQUEST_ORIGIN', detail: origin });
  }
}

/** RFC 6750 §3.1: a valid token without the scope the resource needs. */
export class InsufficientScopeError extends OAuthError {
  readonly error = 'insufficient_scope';
  readonly status = 403;
  constructor(description: string) {
    super(description, { code: 'INVALID_SCOPE' });
  }
}

/**
 * No such endpoint, or what the request names does not exist (or the caller may not see it, and
 * its existence stays hidden); `field` names the input that named it.
 */
export class NotFoundError extends OAuthError {
  readonly error = 'not_found';
  readonly status = 404;
  constructor(description = 'not found', options: { field?: string; detail?: string; code?: ErrorCode } = {}) {
    super(description, { ...options, code: options.code ?? 'NOT_FOUND' });
  }
}

/** What the request asks conflicts with the current state (an authenticator already confirmed, none to act on). */
export class ConflictError extends OAuthError {
  readonly error = 'conflict';
  readonly status = 409;
  constructor(description: string, options: { code: ErrorCode; detail?: string }) {
    super(description, options);
  }
}

export class TooManyRequestsError extends OAuthError {
  readonly error = 'slow_down';
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests; retry later', { code: 'RATE_LIMITED' });
  }
}

/** The selected auth service's type cannot sign users in yet (its connector's login is not built). */
export class UnsupportedProviderError extends OAuthError {
  readonly error = 'temporarily_unavailable';
  readonly status = 501;
  constructor(type: string) {
    super(`signing in through ${type} services is not available yet`, { code: 'UNSUPPORTED_PROVIDER' });
  }
}

/**
 * RFC 6749 §4.1.2.1 temporarily_unavailable, as a 503 with Retry-After (RFC 9110 §15.6.4):
 * what the request needs (the database) cannot be reached right now; retry later.
 */
export class ServiceUnavailableError extends OAuthError {
  readonly error = 'temporarily_unavailable';
  readonly status = 503;
  readonly retryAfterSeconds: number;
  constructor(options: Options & { retryAfterSeconds?: number } = {}) {
    super('the service is temporarily unavailable; retry later', { code: options.code ?? 'DATABASE_UNAVAILABLE', detail: options.detail });
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }
}

/** RFC 6749 §4.1.2.1 errors sent back to the client's redirect URI (once that URI is trusted). */
export class RedirectableError extends OAuthError {
  readonly status = 303;
  constructor(
    readonly error: string,
    description: string,
    readonly redirect: { redirectUri: string; state?: string },
  ) {
    super(description, { code: 'INVALID_PARAMETER' });
  }
}

/** Anything unexpected: the client sees only a correlation id. */
export class ServerError extends OAuthError {
  readonly error = 'server_error';
  readonly status = 500;
  constructor(correlationId: string, detail?: string) {
    super(`unexpected error; reference ${correlationId}`, { code: 'SERVER_ERROR', detail });
  }
}
