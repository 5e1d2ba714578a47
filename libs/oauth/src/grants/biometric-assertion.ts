import { calculateJwkThumbprint, importJWK, jwtVerify, type JWK } from 'jose';

/** How far an assertion's `iat` may be from now, either way. */
export const ASSERTION_IAT_WINDOW_SECONDS = 60;
const MAX_ASSERTION_LENGTH = 4096;
/** RFC 7515 §7.1: three base64url parts. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Whether `assertion` is shaped as one (a compact JWS of at most 4 KiB): anything else is bad
 * input, refused before the refresh token is looked at, and counts no attempt.
 */
export function isAssertionShaped(assertion: string): boolean {
  return assertion.length <= MAX_ASSERTION_LENGTH && COMPACT_JWS.test(assertion);
}

/**
 * Checks a biometric refresh assertion (docs/gateway.md#biometric-refresh): an ES256 JWS (RFC 7515)
 * by the profile's key with `aud` the token endpoint, `iat` within the window and a `jti`. Answers
 * the `jti` and the key's RFC 7638 thumbprint, or undefined for any failure.
 */
export async function checkBiometricAssertion(assertion: string, key: JWK, audience: string, now: Date): Promise<{ jti: string; jkt: string } | undefined> {
  if (!isAssertionShaped(assertion)) return undefined;
  try {
    const { payload } = await jwtVerify(assertion, await importJWK(key, 'ES256'), { algorithms: ['ES256'], audience, currentDate: now });
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (typeof payload.iat !== 'number' || Math.abs(nowSeconds - payload.iat) > ASSERTION_IAT_WINDOW_SECONDS) return undefined;
    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 200) return undefined;
    return { jti: payload.jti, jkt: await calculateJwkThumbprint(key, 'sha256') };
  } catch {
    return undefined;
  }
}
