/** No token we sign lives longer: token TTLs are capped to it. */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;

/**
 * The tolerance on JWT time claims, which other clocks set (docs/security.md#clock-skew): the verifier
 * accepts a token this long past its `exp`, so whatever must outlast a token (a revocation, a
 * published key) outlasts its `exp` by this much too.
 */
export const CLOCK_SKEW_SECONDS = 60;

/** No token is accepted longer than this after it was issued. */
export const TOKEN_ACCEPTANCE_SECONDS = MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS;

/** The last moment the verifier accepts a token with this `exp` (seconds). */
export function acceptedUntil(exp: number): Date {
  return new Date((exp + CLOCK_SKEW_SECONDS) * 1000);
}
