import { BODY_LIMIT_BYTES, type Exchange, type Probe } from './requests';

export function fail(probe: Probe, exchange: Exchange, reason: string): never {
  const text = exchange.text.length > 400 ? `${exchange.text.slice(0, 400)}…` : exchange.text;
  throw new Error(`${probe.kind} ${probe.path}: ${reason}\n  answered ${exchange.status} (${exchange.contentType || 'no content-type'}): ${text}`);
}

function parseJson(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.text);
  } catch {
    return undefined;
  }
}

/** Fixed texts of the gateway's answers: a submitted value that happens to be part of one is not an echo. */
const SERVER_VOCABULARY = [
  'this grant_type is not supported (discovery lists grant_types_supported)',
  'client authentication failed',
  'client authentication is required',
  'wrong username or password',
];

/** No secret of the probe in the body, raw or JSON-escaped (unless it was also sent as something else). */
function checkNoEcho(probe: Probe, exchange: Exchange): void {
  for (const secret of probe.secrets) {
    if (secret.length < 8 || probe.others.some((other) => other.includes(secret))) continue;
    if (SERVER_VOCABULARY.some((word) => word.includes(secret))) continue;
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (exchange.text.includes(secret) || exchange.text.includes(escaped)) fail(probe, exchange, `echoes the secret ${JSON.stringify(secret)}`);
  }
}

/** Never 5xx; a 4xx is RFC 6749 JSON with our `code`; no secret comes back. */
export function checkWellFormed(probe: Probe, exchange: Exchange): Record<string, unknown> | undefined {
  if (exchange.status >= 500) fail(probe, exchange, 'server error');
  checkNoEcho(probe, exchange);
  if (exchange.status < 400) return undefined;
  if (!/^application\/json\b/.test(exchange.contentType)) fail(probe, exchange, 'error is not JSON');
  const body = parseJson(exchange) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail(probe, exchange, 'error body is not a JSON object');
  for (const name of ['error', 'error_description', 'code']) {
    if (typeof body[name] !== 'string' || body[name] === '') fail(probe, exchange, `error body has no string ${name}`);
  }
  if (exchange.status === 413 && body.code !== 'REQUEST_TOO_LARGE') fail(probe, exchange, '413 without code REQUEST_TOO_LARGE');
  return body;
}

/** For requests that cannot be valid: a clean 4xx. */
export function checkRejected(probe: Probe, exchange: Exchange): Record<string, unknown> {
  const body = checkWellFormed(probe, exchange);
  if (exchange.status < 400 || !body) fail(probe, exchange, 'accepted an invalid request');
  return body;
}

export function expectError(probe: Probe, exchange: Exchange, status: number, errors: readonly string[]): Record<string, unknown> {
  const body = checkRejected(probe, exchange);
  if (exchange.status !== status || !errors.includes(body.error as string)) {
    fail(probe, exchange, `expected ${status} ${errors.join(' or ')}`);
  }
  return body;
}

/** A body over the limit is refused before anything reads it: 413 REQUEST_TOO_LARGE. */
export function checkedTooLarge(probe: Probe, exchange: Exchange): boolean {
  if (probe.body === undefined || Buffer.byteLength(probe.body) <= BODY_LIMIT_BYTES) return false;
  const body = expectError(probe, exchange, 413, ['invalid_request']);
  if (body.code !== 'REQUEST_TOO_LARGE') fail(probe, exchange, 'expected code REQUEST_TOO_LARGE');
  return true;
}

/** RFC 6749 §5.1. */
export function checkTokenResponse(probe: Probe, exchange: Exchange, scope?: readonly string[]): void {
  checkWellFormed(probe, exchange);
  if (exchange.status !== 200) fail(probe, exchange, 'expected 200');
  const body = parseJson(exchange) as Record<string, unknown> | undefined;
  if (!body || typeof body.access_token !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(body.access_token)) {
    fail(probe, exchange, 'no access_token');
  }
  if (body.token_type !== 'Bearer') fail(probe, exchange, 'token_type is not "Bearer"');
  if (typeof body.expires_in !== 'number' || !(body.expires_in > 0)) fail(probe, exchange, 'no positive expires_in');
  if (body.refresh_token !== undefined) fail(probe, exchange, 'client_credentials issued a refresh token');
  if (exchange.cacheControl !== 'no-store') fail(probe, exchange, 'token response without Cache-Control: no-store');
  if (scope) {
    const granted = typeof body.scope === 'string' ? body.scope.split(' ') : [];
    if (granted.join(' ') !== scope.join(' ')) fail(probe, exchange, `granted scope "${granted.join(' ')}", requested "${scope.join(' ')}"`);
  }
}
