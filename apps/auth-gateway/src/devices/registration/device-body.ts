import { InvalidRequestError } from '@rapidauth/oauth';
import type { Request } from 'express';

/** A field's rule: required or not, and the pattern its string must match, with what the refusal says. */
export interface FieldRule {
  readonly required: boolean;
  readonly pattern: RegExp;
  readonly message: string;
}

/**
 * The body of a device endpoint (`/v3/devices/*`): a JSON object or a form holding exactly the
 * fields named, each a string of its pattern (control characters, NUL included, never match one).
 * Anything else is a 400 naming the field, before anything is read or stored.
 */
export function deviceBody<F extends string>(request: Request, rules: Readonly<Record<F, FieldRule>>): Partial<Record<F, string>> {
  if (!request.is('application/json') && !request.is('application/x-www-form-urlencoded')) {
    throw new InvalidRequestError('the request body must be JSON or application/x-www-form-urlencoded', { code: 'MALFORMED_REQUEST' });
  }
  const body: unknown = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError('the request body must be a JSON object or a form', { code: 'MALFORMED_REQUEST' });
  }
  const extra = Object.keys(body).find((name) => !Object.hasOwn(rules, name));
  if (extra !== undefined) throw new InvalidRequestError(`unknown parameter: ${extra.slice(0, 64)}`, { code: 'INVALID_PARAMETER', field: extra.slice(0, 64) });
  const values: Partial<Record<F, string>> = {};
  for (const name of Object.keys(rules) as F[]) {
    const rule = rules[name];
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined || value === '') {
      if (rule.required) throw new InvalidRequestError(`missing parameter: ${name}`, { code: 'MISSING_PARAMETER', field: name });
      continue;
    }
    if (typeof value !== 'string') throw new InvalidRequestError(`${name} must be given once, as a string`, { code: 'DUPLICATE_PARAMETER', field: name });
    if (!rule.pattern.test(value)) throw new InvalidRequestError(`${name} ${rule.message}`, { code: 'INVALID_PARAMETER', field: name });
    values[name] = value;
  }
  return values;
}
