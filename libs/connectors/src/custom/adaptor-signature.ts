import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The adaptor protocol's message signature (examples/custom-adaptor/README.md, "Protocol"): both the
 * gateway's request and the adaptor's answer carry
 *   X-RapidAuth-Timestamp: <unix seconds>
 *   X-RapidAuth-Signature: v1=<hex HMAC-SHA256(sharedSecret, timestamp + "." + body)>
 * over the exact body bytes sent, and a message more than 60 s off the receiver's clock is refused.
 */
export const TIMESTAMP_HEADER = 'x-rapidauth-timestamp';
export const SIGNATURE_HEADER = 'x-rapidauth-signature';
export const MAX_CLOCK_SKEW_SECONDS = 60;

const VERSION = 'v1=';

export type SignatureHeaders = {
  readonly [TIMESTAMP_HEADER]: string;
  readonly [SIGNATURE_HEADER]: string;
};

const unixSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

function mac(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The two headers that sign `body`, sent at `now`. */
export function signatureHeaders(secret: string, body: string | Uint8Array, now = new Date()): SignatureHeaders {
  const timestamp = String(unixSeconds(now));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `${VERSION}${mac(secret, timestamp, body).toString('hex')}` };
}

/**
 * Why a received message is refused, or undefined when it is signed with `secret` within the clock
 * skew. The reason names no header value and no secret, so it may be logged and shown to an admin.
 */
export function signatureProblem(
  secret: string,
  headers: { timestamp: string | null | undefined; signature: string | null | undefined },
  body: string | Uint8Array,
  now = new Date(),
): string | undefined {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return 'not signed (no timestamp or signature header)';
  if (!/^\d{1,12}$/.test(timestamp)) return 'the timestamp is not unix seconds';
  const skew = Math.abs(unixSeconds(now) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) return `the timestamp is ${skew} s off (at most ${MAX_CLOCK_SKEW_SECONDS} s allowed)`;
  if (!signature.startsWith(VERSION) || !/^[0-9a-f]{64}$/i.test(signature.slice(VERSION.length))) return 'the signature is not v1=<hex HMAC-SHA256>';
  const presented = Buffer.from(signature.slice(VERSION.length), 'hex');
  return timingSafeEqual(presented, mac(secret, timestamp, body)) ? undefined : 'the signature does not match the shared secret';
}
