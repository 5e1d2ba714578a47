import { randomUUID } from 'node:crypto';
import type { OpenedService, PasswordCredentials, StoredUpstreamLogin, UpstreamIdentity } from '../connector';
import { ConnectorError } from '../connectors.errors';
import { adaptorUnavailable, type AdaptorAnswer, type AdaptorRequest } from './adaptor-client';
import { toUpstreamIdentity, toWireTokens } from './adaptor-identity';

/** The refusals an adaptor may answer with `401 {error}`, and their client-safe messages. */
const LOGIN_REFUSALS = {
  INVALID_CREDENTIALS: 'the user name or password is wrong',
  ACCOUNT_DISABLED: 'the account is disabled',
  IDENTITY_TEMPORARILY_LOCKED: 'too many failed logins: try again later',
} as const;

type LoginRefusal = keyof typeof LOGIN_REFUSALS;

const isLoginRefusal = (value: unknown): value is LoginRefusal => typeof value === 'string' && Object.hasOwn(LOGIN_REFUSALS, value);

const errorOf = (body: unknown) => (typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined);

export function loginRequest(service: OpenedService, credentials: PasswordCredentials, environmentId: string | null, requestId?: string): AdaptorRequest {
  return {
    op: 'login',
    username: credentials.username,
    password: credentials.password,
    service: { id: service.id },
    environment: { id: environmentId },
    requestId: requestId ?? randomUUID(),
  };
}

/**
 * 200 → the identity; 401 {error} → that refusal; any other status → UPSTREAM_UNAVAILABLE.
 * @throws ConnectorError
 */
export function loginOutcome(answer: AdaptorAnswer): UpstreamIdentity {
  if (answer.status === 200) return toUpstreamIdentity(answer.body);
  if (answer.status === 401) {
    const code = errorOf(answer.body);
    if (!isLoginRefusal(code)) throw new ConnectorError('UPSTREAM_REJECTED', 'the identity adaptor refused the login without a known reason', { detail: '401 without a known error code' });
    throw new ConnectorError(code, LOGIN_REFUSALS[code], code === 'IDENTITY_TEMPORARILY_LOCKED' ? { retryAfterSeconds: answer.retryAfterSeconds } : {});
  }
  throw adaptorUnavailable(`HTTP ${answer.status} to login`, answer.retryAfterSeconds);
}

export function refreshRequest(stored: StoredUpstreamLogin): AdaptorRequest {
  return { op: 'refresh', providerUid: stored.providerUid, tokens: toWireTokens(stored) };
}

/**
 * 200 → the user's identity now (it must be the same user); 404 → null, the adaptor has no refresh;
 * 401 → UPSTREAM_REFRESH_FAILED (the family is revoked); any other status → UPSTREAM_UNAVAILABLE.
 * @throws ConnectorError
 */
export function refreshOutcome(answer: AdaptorAnswer, stored: StoredUpstreamLogin): UpstreamIdentity | null {
  if (answer.status === 404) return null;
  if (answer.status === 401) {
    const code = errorOf(answer.body);
    throw new ConnectorError('UPSTREAM_REFRESH_FAILED', 'the identity adaptor refused the refresh', { detail: isLoginRefusal(code) ? code : '401' });
  }
  if (answer.status !== 200) throw adaptorUnavailable(`HTTP ${answer.status} to refresh`, answer.retryAfterSeconds);
  const identity = toUpstreamIdentity(answer.body);
  if (identity.providerUid !== stored.providerUid) {
    throw new ConnectorError('UPSTREAM_REFRESH_FAILED', 'the identity adaptor refused the refresh', { detail: 'the answer names another user' });
  }
  return identity;
}
