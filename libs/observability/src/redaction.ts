/**
 * What never reaches a log line (PRODUCT.md security defaults): credentials in headers, and
 * sensitive parameters in URLs (callbacks carry `code`, front channels may carry tokens).
 */
export const SENSITIVE_PARAMETERS = new Set([
  'password',
  'client_secret',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'id_token',
  'id_token_hint',
  'login_tx',
  'pin',
  'otp',
  'secret',
  'assertion',
  'samlresponse',
  'samlrequest',
  'token',
]);

export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

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
