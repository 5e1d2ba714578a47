import type { JWK } from 'jose';
import type { EntityManager } from 'typeorm';
import type { OAuthError } from '../errors';
import type { LoginFamily } from '../refresh/refresh-tokens';

/**
 * What a refresh of a device user profile presents beside its refresh token
 * (docs/gateway.md#device-profiles): nothing (the plain `refresh_token` grant), a PIN, or the
 * outcome of its biometric assertion (verified before the rotation: its `jti` is claimed on
 * every instance, which takes a statement of its own).
 */
export type ProfileProof = { readonly kind: 'none' } | { readonly kind: 'pin'; readonly pin: string } | { readonly kind: 'biometric'; readonly valid: boolean };

/** The guard's word on one refresh; `revoke`: the attempts are used up, the family goes with this transaction. */
export type ProfileVerdict = { readonly unlocked: true } | { readonly unlocked: false; readonly error: OAuthError; readonly revoke: boolean };

/**
 * The device side of refreshes by device clients (libs/devices provides it): their profiles' PINs,
 * attempt counters and biometric keys. Optional: without it device refreshes are plain rotations.
 */
export interface DeviceProfileGuard {
  /**
   * Judges the proof inside the rotation's transaction (`manager`), the presented token locked and
   * found usable: counts a wrong PIN or assertion exactly once, resets the count after a right one.
   */
  check(manager: EntityManager, family: LoginFamily, appSignatureId: string | null, proof: ProfileProof): Promise<ProfileVerdict>;
  /** The public key the profile registered for biometric refreshes, if any. */
  biometricKey(familyId: string): Promise<JWK | undefined>;
}

/** Injection token of the optional DeviceProfileGuard. */
export const DEVICE_PROFILE_GUARD = Symbol('DEVICE_PROFILE_GUARD');
