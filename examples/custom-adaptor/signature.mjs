// The protocol's signature (README.md, "Protocol"): HMAC-SHA256 of `timestamp + "." + body`
// under the shared secret, as `v1=<hex>`, and a timestamp within 60 s of our clock.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_CLOCK_SKEW_SECONDS = 60;

const mac = (secret, timestamp, body) => createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

/** The headers that sign `body` (a string or the exact bytes sent). */
export function sign(secret, body, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  return { 'x-rapidauth-timestamp': timestamp, 'x-rapidauth-signature': `v1=${mac(secret, timestamp, body).toString('hex')}` };
}

/** 'INVALID_SIGNATURE', 'STALE_TIMESTAMP', or undefined when `headers` sign `body` (the raw bytes received). */
export function verify(secret, headers, body, now = Date.now()) {
  const timestamp = headers['x-rapidauth-timestamp'];
  const signature = /^v1=([0-9a-f]{64})$/i.exec(headers['x-rapidauth-signature'] ?? '');
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp) || !signature) return 'INVALID_SIGNATURE';
  if (Math.abs(Math.floor(now / 1000) - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return 'STALE_TIMESTAMP';
  return timingSafeEqual(Buffer.from(signature[1], 'hex'), mac(secret, timestamp, body)) ? undefined : 'INVALID_SIGNATURE';
}
