import { randomBytes } from 'node:crypto';

/** An incoming `x-request-id` is kept when it is a plain token (a proxy's id joins the lines). */
const ACCEPTED_REQUEST_ID = /^[\w.-]{1,64}$/;

export function acceptedRequestId(given: string | string[] | undefined): string | undefined {
  return typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : undefined;
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
