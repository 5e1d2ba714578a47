import type { IdentityRow } from '@rapidauth/identity';

/**
 * A login whose proof (a code, a token, a password) names one of the gateway's own identities.
 * The grant checks it with `prove` before it signs in, and `POST /v3/auth/link` calls the same
 * `prove` to bind the identity to the caller's account (docs/gateway.md#linking-identities), so a
 * proof is checked one way whether it signs in or links.
 */
export interface OwnIdentityProof {
  /**
   * The identity the proof in `params` (the grant's parameters) names, checked as the login checks
   * it: the method on, a code or token spent. Refusals are the token endpoint's errors.
   */
  prove(environmentId: string, params: Readonly<Record<string, string | undefined>>, now: Date): Promise<IdentityRow>;
}
