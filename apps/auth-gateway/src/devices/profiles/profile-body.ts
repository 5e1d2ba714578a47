import { InvalidRequestError } from '@rapidauth/oauth';
import type { Request } from 'express';

const MAX_STRING = 512;

/**
 * The JSON (or form) body of a profile endpoint: exactly the fields it reads, `required` ones
 * present; strings (bounded, no NUL) except the `objects` named, so bad input is a 400 naming the
 * field before anything is read or written.
 */
export function profileBody(request: Request, fields: { required: readonly string[]; optional?: readonly string[]; objects?: readonly string[] }): Record<string, unknown> {
  const body: unknown = request.body;
  if ((!request.is('application/json') && !request.is('application/x-www-form-urlencoded')) || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError('the request body must be a JSON object or a form', { code: 'MALFORMED_REQUEST' });
  }
  const allowed = new Set([...fields.required, ...(fields.optional ?? [])]);
  for (const name of Object.keys(body)) {
    if (!allowed.has(name)) throw new InvalidRequestError(`unknown field: ${name.slice(0, 40)}`, { code: 'INVALID_PARAMETER', field: name.slice(0, 40) });
  }
  const values = body as Record<string, unknown>;
  for (const name of fields.required) {
    if (values[name] === undefined || values[name] === '') throw new InvalidRequestError(`missing parameter: ${name}`, { code: 'MISSING_PARAMETER', field: name });
  }
  for (const [name, value] of Object.entries(values)) {
    if (fields.objects?.includes(name)) continue;
    if (typeof value !== 'string' || value.length > MAX_STRING || value.includes('\0')) {
      throw new InvalidRequestError(`${name} must be a string of at most ${MAX_STRING} characters without NUL`, { code: 'INVALID_PARAMETER', field: name });
    }
  }
  return values;
}
