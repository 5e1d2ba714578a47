import { InvalidRequestError } from '@rapidauth/oauth';
import type { Request } from 'express';

/**
 * The body of an own-identity endpoint (`/v3/auth/*`): a JSON object or a form. Only the fields
 * the endpoint reads are kept (RFC 6749 §3.2 ignores the others); `renamed` maps an endpoint's
 * field to its grant's parameter (`token` → `assertion`).
 */
export function ownIdentityParameters(request: Request, fields: readonly string[], renamed: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  if (!request.is('application/json') && !request.is('application/x-www-form-urlencoded')) {
    throw new InvalidRequestError('the request body must be JSON or application/x-www-form-urlencoded', { code: 'MALFORMED_REQUEST' });
  }
  const body: unknown = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError('the request body must be a JSON object or a form', { code: 'MALFORMED_REQUEST' });
  }
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    if (Object.hasOwn(body, field)) picked[renamed[field] ?? field] = (body as Record<string, unknown>)[field];
  }
  return picked;
}

/** A field the endpoint cannot do without, named as the caller sent it. */
export function requireField(params: Record<string, unknown>, parameter: string, field = parameter): void {
  if (params[parameter] === undefined || params[parameter] === '') {
    throw new InvalidRequestError(`missing parameter: ${field}`, { code: 'MISSING_PARAMETER', field });
  }
}
