import { acceptedUntil, TOKEN_ACCEPTANCE_SECONDS } from '../tokens/token-lifetime';
import { revokedClientKey } from './revocation-list';
import type { Revocation } from './revocation.repository';

/**
 * How long each kind of revocation entry lives: until the verifier would refuse every token it
 * matches anyway — `exp` plus the clock skew, never `exp` alone (docs/gateway.md#revocation).
 */

/** One token, until its `exp` + skew. */
export function tokenRevocation(claims: { jti: string; exp: number }): Revocation {
  return { kind: 'jti', value: claims.jti, expiresAt: acceptedUntil(claims.exp) };
}

/** A login's family: no access token of it is issued after `now`, so none is accepted after this. */
export function familyRevocation(familyId: string, now: Date): Revocation {
  return { kind: 'family', value: familyId, expiresAt: afterLastAcceptedToken(now) };
}

/** Every token issued to a client up to `now` (RevocationList compares their `iat` with it). */
export function clientRevocation(clientId: string, now: Date): Revocation {
  return { kind: 'client', value: revokedClientKey(clientId), expiresAt: afterLastAcceptedToken(now) };
}

/** Every token issued through an auth service up to `now`, matched by its `svc` claim. */
export function serviceRevocation(serviceId: string, now: Date): Revocation {
  return { kind: 'service', value: serviceId, expiresAt: afterLastAcceptedToken(now) };
}

function afterLastAcceptedToken(now: Date): Date {
  return new Date(now.getTime() + TOKEN_ACCEPTANCE_SECONDS * 1000);
}
