/**
 * Query parameters whose values never reach a log line (docs/security.md#what-is-never-logged): credentials, codes,
 * tokens, the login transaction, and `state` — the client's CSRF token (RFC 6749 §10.12).
 */
export const SENSITIVE_PARAMETERS = new Set([
  'password',
  'client_secret',
  'client_assertion',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'id_token',
  'id_token_hint',
  'login_tx',
  'state',
  'pin',
  'current_pin',
  'otp',
  'secret',
  'assertion',
  'samlresponse',
  'samlrequest',
  'token',
  'subject_token',
  'actor_token',
  'device_code',
  'user_code',
]);

/** The URL with the values of sensitive query parameters replaced. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SENSITIVE_PARAMETERS.has(key.toLowerCase())) {
      params.set(key, '[redacted]');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, queryStart)}?${params.toString()}` : url;
}
