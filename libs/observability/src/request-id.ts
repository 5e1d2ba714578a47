import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';

/** An incoming `x-request-id` is kept when it is a plain token (a proxy's id joins the lines). */
const ACCEPTED_REQUEST_ID = /^[\w.-]{1,64}$/;

export function acceptedRequestId(given: string | string[] | undefined): string | undefined {
  return typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : undefined;
}

/**
 * The request's id as its request line logs it (`request.id`, given by the request lines), or,
 * when the level logs no lines, the caller's own accepted `x-request-id`; undefined without either.
 */
export function requestIdOf(request: IncomingMessage): string | undefined {
  const { id } = request as { id?: unknown };
  return typeof id === 'string' ? id : acceptedRequestId(request.headers['x-request-id']);
}

/**
 * Request ids unique across instances without a random draw per request: a random per-process
 * prefix and a counter (`Xk3v_9aQ-1a`).
 */
export function requestIdGenerator(): () => string {
  const prefix = randomBytes(6).toString('base64url');
  let counter = 0;
  return () => `${prefix}-${(++counter).toString(36)}`;
}
