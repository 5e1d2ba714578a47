import { InvalidRequestError, pickParameters, readParameters } from '@rapidauth/oauth';
import type { Request } from 'express';
import { ownIdentityParameters } from '../own-identity-body';
import type { EmailRequest } from './email-flows';

/**
 * The fields an email endpoint reads, under the token endpoint's parameter rules
 * (docs/gateway.md#own-identities): each a string given once, at most 4096 characters, without
 * control characters; empty ones count as missing, the others are ignored.
 */
export function emailParameters(request: Request, fields: readonly string[]): Record<string, string> {
  return pickParameters(readParameters(ownIdentityParameters(request, fields)), fields);
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

/** The client credentials and origin of the request, with the fields read. */
export function emailRequest(request: Request, params: Record<string, string>): EmailRequest {
  return { authorization: request.headers.authorization, origin: request.headers.origin, params };
}
