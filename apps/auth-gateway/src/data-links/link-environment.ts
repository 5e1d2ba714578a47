import type { AccessTokenClaims } from '@rapidauth/oauth';

/**
 * The environment whose data links a token may call: the one it was issued in. The only place
 * the proxy decides it, so a token accepted across environments widens it here and nowhere else.
 */
export function linkEnvironmentOf(claims: AccessTokenClaims): string | undefined {
  return claims.env;
}
