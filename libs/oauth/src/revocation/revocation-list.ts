import type { RevocationKind } from '@rapidauth/database';
import { TOKEN_ACCEPTANCE_SECONDS } from '../tokens/token-lifetime';
import type { Revocation } from './revocation.repository';

/** What a token carries that a revocation can name. */
export interface RevocableToken {
  jti: string;
  client_id: string;
  /** Issued at, in seconds. */
  iat: number;
  sid?: string;
  gid?: string;
  /** The auth service it was issued through. */
  svc?: string;
}

/**
 * The in-memory copy of the active revocation entries, so checking a token costs a few map
 * lookups instead of a query. Bounded by the number of revocations, not of tokens issued.
 */
export class RevocationList {
  private readonly entries: Record<RevocationKind, Map<string, number>> = {
    jti: new Map(),
    family: new Map(),
    grant: new Map(),
    client: new Map(),
    service: new Map(),
  };

  add(revocation: Revocation): void {
    const map = this.entries[revocation.kind];
    const expires = revocation.expiresAt.getTime();
    if ((map.get(revocation.value) ?? 0) < expires) map.set(revocation.value, expires);
  }

  /** Replaces everything with a fresh load from the database. */
  replace(revocations: Revocation[]): void {
    for (const map of Object.values(this.entries)) map.clear();
    for (const revocation of revocations) this.add(revocation);
  }

  isRevoked(token: RevocableToken, now = Date.now()): boolean {
    return (
      this.matches('jti', token.jti, now) ||
      (token.sid !== undefined && this.matches('family', token.sid, now)) ||
      (token.gid !== undefined && this.matches('grant', token.gid, now)) ||
      this.revokesIssuedUpTo('client', revokedClientKey(token.client_id), token, now) ||
      (token.svc !== undefined && this.revokesIssuedUpTo('service', token.svc, token, now))
    );
  }

  /** Forgets expired entries. */
  prune(now = Date.now()): void {
    for (const map of Object.values(this.entries)) {
      for (const [value, expires] of map) if (expires <= now) map.delete(value);
    }
  }

  get size(): number {
    return Object.values(this.entries).reduce((total, map) => total + map.size, 0);
  }

  private matches(kind: RevocationKind, value: string, now: number): boolean {
    const expires = this.entries[kind].get(value);
    return expires !== undefined && expires > now;
  }

  /**
   * A client or service entry expires TOKEN_ACCEPTANCE_SECONDS after the revocation, so it refuses
   * exactly the tokens issued up to then: one issued later (after a re-enable) is not refused.
   * `iat` has whole seconds, so a token issued in the second of the revocation counts as before it.
   */
  private revokesIssuedUpTo(kind: 'client' | 'service', value: string, token: RevocableToken, now: number): boolean {
    const expires = this.entries[kind].get(value);
    return expires !== undefined && expires > now && (token.iat + TOKEN_ACCEPTANCE_SECONDS) * 1000 <= expires;
  }
}

/** The value of a client's revocation entry: `appKey.serviceId` is the environment's own client, `appKey`. */
export function revokedClientKey(clientId: string): string {
  const dot = clientId.indexOf('.');
  return dot < 0 ? clientId : clientId.slice(0, dot);
}
