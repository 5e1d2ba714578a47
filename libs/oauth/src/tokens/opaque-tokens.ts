import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random 256-bit token (codes, refresh tokens, session cookies), base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How issued tokens are stored: SHA-256 hex. They have 256 bits of entropy, so no salt or pepper is needed. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time equality of two strings (lengths may differ; that alone is not secret). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
