import { InvalidRequestError } from '@rapidauth/oauth';
import type { Request } from 'express';

/** RFC 6749 §3.2 / RFC 7662 / RFC 7009: these endpoints take application/x-www-form-urlencoded only. */
export function formBody(request: Request): Record<string, unknown> {
  if (!request.is('application/x-www-form-urlencoded')) {
    throw new InvalidRequestError('the request body must be application/x-www-form-urlencoded', { code: 'MALFORMED_REQUEST' });
  }
  return (request.body ?? {}) as Record<string, unknown>;
}
