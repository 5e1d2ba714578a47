import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ClientKind } from '@rapidauth/database';
import { RefreshTokens } from '@rapidauth/oauth';
import type { EntityManager } from 'typeorm';
import { DeviceError } from '../devices.errors';
import { biometricPublicKey } from './biometric-jwk';
import { couldBePin, isPinShaped, PIN_MAX_LENGTH, pinWeakness, SHORTEST_PIN } from './pin-rules';
import { ProfilePins } from './profile-pins';
import { ProfileRepository, type LockedProfile } from './profile.repository';

/** The device client a profile request comes from, and the key its DPoP proof proved, if any. */
export interface DeviceCaller {
  readonly clientId: string;
  readonly appSignatureId: string | null;
  readonly dpopJkt?: string;
}

/** A client as the admin API names it: only a device client's logins are profiles. */
export interface ProfileOwner {
  readonly clientId: string;
  readonly kind: ClientKind;
}

/** A live profile of a device client (no PIN, hash or key). */
export interface DeviceProfile {
  readonly profileId: string;
  readonly uid: string;
  readonly createdAt: Date;
  readonly pinSet: boolean;
  readonly biometricSet: boolean;
  readonly lastUsedAt: Date | null;
}

/** A profile as its device client sees it (no PIN, hash or key). */
export interface ProfileView {
  profile_id: string;
  uid: string;
  created_at: string;
  pin_set: boolean;
  biometric_set: boolean;
  last_used_at: string | null;
}

/**
 * Device user profiles (docs/gateway.md#device-profiles): each one refresh-token family of a
 * device client. Setting a PIN or biometric key takes the profile's current refresh token; a
 * PIN change takes the current PIN, whose wrong guesses count as at refresh. Deregistering (by
 * the device, or an admin deleting the profile) revokes the profile's tokens on every instance and
 * forgets its PIN and key.
 */
@Injectable()
export class DeviceProfiles {
  constructor(
    private readonly repository: ProfileRepository,
    private readonly pins: ProfilePins,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async list(caller: DeviceCaller, now = new Date()): Promise<ProfileView[]> {
    const profiles = await this.liveOf(caller.clientId, now);
    return profiles.map((profile) => ({
      profile_id: profile.profileId,
      uid: profile.uid,
      created_at: profile.createdAt.toISOString(),
      pin_set: profile.pinSet,
      biometric_set: profile.biometricSet,
      last_used_at: profile.lastUsedAt?.toISOString() ?? null,
    }));
  }

  /** A client's live profiles, oldest first, for its admins (docs/admin-api.md#device-profiles): none unless it is a device client. */
  async ofClient(owner: ProfileOwner, now = new Date()): Promise<DeviceProfile[]> {
    if (owner.kind !== 'device') return [];
    return this.liveOf(owner.clientId, now);
  }

  /** Sets or changes the PIN; a refused current PIN is counted (and its last attempt revokes the profile) before the refusal is thrown. */
  async setPin(caller: DeviceCaller, profileId: string, input: { refreshToken: string; pin: string; currentPin?: string }, now = new Date()): Promise<void> {
    const refusal = await this.repository.transaction(async (manager) => {
      const policy = await this.pins.policy(manager, caller.appSignatureId);
      if (!isPinShaped(input.pin, policy.minLength)) throw new DeviceError('INVALID_PARAMETER', `pin must be ${policy.minLength} to 12 digits`, { field: 'pin' });
      const weakness = pinWeakness(input.pin);
      if (weakness) throw new DeviceError('TOO_WEAK_PIN', weakness, { field: 'pin' });
      const profile = await this.current(manager, caller, profileId, input.refreshToken, now);
      if (profile.pinHash) {
        if (input.currentPin === undefined) throw new DeviceError('MISSING_PARAMETER', 'current_pin is needed to change the PIN', { field: 'current_pin' });
        if (!couldBePin(input.currentPin)) throw new DeviceError('INVALID_PARAMETER', `current_pin must be ${SHORTEST_PIN} to ${PIN_MAX_LENGTH} digits`, { field: 'current_pin' });
        const attempt = await this.pins.attemptPin(manager, profileId, profile.pinHash, input.currentPin, policy);
        if (!attempt.right) {
          if (!attempt.exhausted) return new DeviceError('INVALID_PIN', 'wrong current_pin', { field: 'current_pin', attemptsLeft: attempt.attemptsLeft });
          await this.refreshTokens.revokeFamily(profileId, 'pin_attempts_exceeded', now, manager);
          return new DeviceError('PIN_ATTEMPTS_EXCEEDED', 'too many wrong attempts: the profile is revoked', { field: 'current_pin', attemptsLeft: 0 });
        }
      }
      await this.repository.savePin(manager, profileId, await this.pins.hash(profileId, input.pin));
      return undefined;
    });
    if (refusal) throw refusal;
  }

  /** Registers (or replaces) the profile's biometric key; the profile needs a PIN first. */
  async setBiometricKey(caller: DeviceCaller, profileId: string, input: { refreshToken: string; jwk: unknown }, now = new Date()): Promise<void> {
    const key = await biometricPublicKey(input.jwk);
    await this.repository.transaction(async (manager) => {
      const profile = await this.current(manager, caller, profileId, input.refreshToken, now);
      if (!profile.pinHash) throw new DeviceError('PIN_NOT_SET', 'set a PIN before a biometric key');
      await this.repository.saveBiometricKey(manager, profileId, key.jwk, key.jkt);
    });
  }

  /** Deregisters the profile: its refresh token and every access token with its `sid` stop working, on every instance. */
  async deregister(caller: DeviceCaller, profileId: string, now = new Date()): Promise<void> {
    await this.end(caller.clientId, profileId, { reason: 'profile_deregistered', field: 'profile_id' }, now);
  }

  /**
   * An admin deletes one of a client's profiles: ended exactly as the device deregistering it.
   * Anything but a live profile of a device client is UNKNOWN_PROFILE on `profileId`; the answer
   * names whose profile it was.
   */
  async revoke(owner: ProfileOwner, profileId: string, now = new Date()): Promise<{ uid: string }> {
    if (owner.kind !== 'device') throw unknownProfile('profileId');
    return this.end(owner.clientId, profileId, { reason: 'profile_deleted', field: 'profileId' }, now);
  }

  /** Revokes the live profile's family (locked, so one of two concurrent ends wins) and forgets its PIN and key. */
  private async end(clientId: string, profileId: string, how: { reason: string; field: string }, now: Date): Promise<{ uid: string }> {
    if (!UUID.test(profileId)) throw unknownProfile(how.field);
    return this.repository.transaction(async (manager) => {
      const live = await this.repository.lockLive(manager, clientId, profileId, now);
      if (!live) throw unknownProfile(how.field);
      await this.refreshTokens.revokeFamily(profileId, how.reason, now, manager);
      await this.repository.forget(manager, profileId);
      return { uid: live.accountId };
    });
  }

  private async liveOf(clientId: string, now: Date): Promise<DeviceProfile[]> {
    const rows = await this.repository.list(clientId, now);
    return rows.map((row) => ({
      profileId: row.id,
      uid: row.account_id,
      createdAt: new Date(row.created_at),
      pinSet: row.pin_set,
      biometricSet: row.biometric_set,
      lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    }));
  }

  /** The profile with its current refresh token locked; the token presented must be that one, and a bound profile needs its DPoP key. */
  private async current(manager: EntityManager, caller: DeviceCaller, profileId: string, refreshToken: string, now: Date): Promise<LockedProfile> {
    const profile = UUID.test(profileId) ? await this.repository.lockCurrent(manager, caller.clientId, profileId, now) : undefined;
    if (!profile) throw unknownProfile();
    const presented = Buffer.from(createHash('sha256').update(refreshToken).digest('hex'));
    const stored = Buffer.from(profile.tokenHash);
    if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) {
      throw new DeviceError('INVALID_GRANT', "refresh_token is not the profile's current refresh token", { field: 'refresh_token' });
    }
    if (profile.dpopJkt !== null && profile.dpopJkt !== caller.dpopJkt) {
      throw new DeviceError('INVALID_GRANT', "this profile is bound to a DPoP key: prove that key", { field: 'DPoP' });
    }
    return profile;
  }
}

/** Profile ids are family ids; anything else names no profile (and never reaches SQL as a uuid). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unknownProfile = (field = 'profile_id') => new DeviceError('UNKNOWN_PROFILE', 'no such profile of this device client', { field });
