import { InvalidRequestError } from '@rapidauth/oauth';
import type { Request } from 'express';
import { ownIdentityParameters } from '../own-identity-body';

/** As the token endpoint's parameters (docs/gateway.md#own-identities). */
const MAX_VALUE_LENGTH = 4096;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The fields an email endpoint reads, each a string given once, at most 4096 characters, without
 * control characters; anything else is refused before it is used (the fields the endpoint does
 * not read are ignored, as at the token endpoint).
 */
export function emailParameters(request: Request, fields: readonly string[]): Record<string, string> {
  const picked = ownIdentityParameters(request, fields);
  const checked: Record<string, string> = {};
  for (const [field, value] of Object.entries(picked)) {
    if (Array.isArray(value)) throw new InvalidRequestError(`${field} must be given once`, { code: 'DUPLICATE_PARAMETER', field });
    if (typeof value !== 'string') throw new InvalidRequestError(`${field} must be a string`, { field });
    if (value.length > MAX_VALUE_LENGTH || CONTROL.test(value)) throw new InvalidRequestError(`${field} is too long or holds control characters`, { field });
    checked[field] = value;
  }
  return checked;
}

/** Fields an endpoint cannot do without: 400 MISSING_PARAMETER naming the first one missing. */
export function requireFields(params: Record<string, string>, ...fields: string[]): void {
  for (const field of fields) {
    if (!params[field]) throw new InvalidRequestError(`missing parameter: ${field}`, { code: 'MISSING_PARAMETER', field });
  }
}

/** The email and password of a sign-up: either missing is MISSING_EMAIL_OR_PASSWORD. */
export function requireEmailAndPassword(params: Record<string, string>): void {
  for (const field of ['email', 'password']) {
    if (!params[field]) throw new InvalidRequestError(`missing parameter: ${field}`, { code: 'MISSING_EMAIL_OR_PASSWORD', field });
  }
}
