import { text, type RequestHandler } from 'express';
import { InvalidRequestError } from '../errors';

/** The Usergrid token endpoints: `/management/token` and `/:org/:app/token`. */
export const USERGRID_TOKEN_PATHS = ['/management/token', '/:org/:app/token'];

/**
 * Keeps the body of a Usergrid token request as text, before the shared JSON and form parsers:
 * Usergrid's own `curl -d '{...}'` sends JSON labelled application/x-www-form-urlencoded,
 * which the form parser would mangle (`+` becomes a space). `usergridParameters` reads it.
 */
export function usergridRawBody(limit: string): RequestHandler {
  const readText = text({ type: () => true, limit });
  return (request, response, next) => (request.method === 'POST' ? readText(request, response, next) : next());
}

/**
 * A Usergrid token request body: JSON whatever its Content-Type, or a form. Values come back as
 * the form parser gives them (repeated fields as arrays), for `readParameters` to check.
 */
export function usergridParameters(body: unknown): Record<string, unknown> {
  const content = typeof body === 'string' ? body.trim() : '';
  if (!content.startsWith('{')) {
    const form: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(content)) {
      const previous = form[name];
      form[name] = previous === undefined ? value : [previous, value].flat();
    }
    return form;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new InvalidRequestError('the request body is neither valid JSON nor a form', { code: 'MALFORMED_REQUEST' });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidRequestError('the request body must be a JSON object', { code: 'MALFORMED_REQUEST' });
  }
  // Usergrid clients send numbers and booleans unquoted (e.g. "ttl": 0); the parameters are strings.
  return Object.fromEntries(
    Object.entries(parsed).map(([name, value]) => [name, typeof value === 'number' || typeof value === 'boolean' ? String(value) : value]),
  );
}
