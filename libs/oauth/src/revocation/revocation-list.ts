import type { RevocationKind } from '@rapidauth/database';
import type { Revocation } from './revocation.repository';

/** What a token carries that a revocation can name. */
export interface RevocableToken {
  jti: string;
  sid?: string;
  gid?: string;
}

/**
 * The in-memory copy of the active revocation entries, so checking a token costs three map
 * lookups instead of a query. Bounded by the number of revocations, not of tokens issued.
 */
export class RevocationList {
  private readonly entries: Record<RevocationKind, Map<string, number>> = {
    jti: new Map(),
    family: new Map(),
    grant: new Map(),
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
      (token.gid !== undefined && this.matches('grant', token.gid, now))
    );
  }

  /** Forgets expired entries. */
  prune(now = Date.now()): void {
    for (const map of Object.values(this.entries)) {
      for (const [value, expires] of map) if (expires <= now) map.delete(value);
    }
  }

  get size(): number {
    return this.entries.jti.size + this.entries.family.size + this.entries.grant.size;
  }

  private matches(kind: RevocationKind, value: string, now: number): boolean {
    const expires = this.entries[kind].get(value);
    return expires !== undefined && expires > now;
  }
}
