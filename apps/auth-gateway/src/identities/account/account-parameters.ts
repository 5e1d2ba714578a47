import { InvalidRequestError } from '@rapidauth/oauth';
import type { Request } from 'express';

/** Longer than any code these endpoints take (a recovery code with spaces is 11). */
const MAX_VALUE_LENGTH = 64;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** RFC 5321 §4.5.3.1 bounds a path at 256 octets; the address is checked after (INVALID_EMAIL). */
export const MAX_EMAIL_LENGTH = 256;

/**
 * The parameters of an account request, JSON or form: only `allowed` names, each a string given
 * once, short (`maxLength`, else 64) and free of control characters; anything else is refused
 * before it is used.
 */
export function accountParameters<Name extends string>(request: Request, allowed: readonly Name[], maxLength = MAX_VALUE_LENGTH): Partial<Record<Name, string>> {
  const body: unknown = request.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('the body must be a JSON object or a form', { code: 'MALFORMED_REQUEST' });
  }
  const parameters: Partial<Record<Name, string>> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!(allowed as readonly string[]).includes(name)) throw new InvalidRequestError(`unknown parameter ${name}`, { field: name.slice(0, MAX_VALUE_LENGTH) });
    if (Array.isArray(value)) throw new InvalidRequestError(`${name} must be given once`, { code: 'DUPLICATE_PARAMETER', field: name });
    if (typeof value !== 'string') throw new InvalidRequestError(`${name} must be a string`, { field: name });
    if (value.length > maxLength || CONTROL.test(value)) throw new InvalidRequestError(`${name} is too long or holds control characters`, { field: name });
    parameters[name as Name] = value;
  }
  return parameters;
}

/** The one required parameter `name`: MISSING_PARAMETER when it is absent or empty. */
export function requiredParameter<Name extends string>(parameters: Partial<Record<Name, string>>, name: Name): string {
  const value = parameters[name];
  if (!value) throw new InvalidRequestError(`${name} is required`, { code: 'MISSING_PARAMETER', field: name });
  return value;
}
