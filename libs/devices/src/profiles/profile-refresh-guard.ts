import { Injectable } from '@nestjs/common';
import { InvalidGrantError, InvalidRequestError, type DeviceProfileGuard, type LoginFamily, type ProfileProof, type ProfileVerdict } from '@rapidauth/oauth';
import type { JWK } from 'jose';
import type { EntityManager } from 'typeorm';
import { couldBePin, PIN_MAX_LENGTH, SHORTEST_PIN } from './pin-rules';
import { ProfilePins, type AttemptOutcome } from './profile-pins';
import { ProfileRepository } from './profile.repository';

const UNLOCKED: ProfileVerdict = { unlocked: true };
const refuse = (error: InvalidGrantError | InvalidRequestError, revoke = false): ProfileVerdict => ({ unlocked: false, error, revoke });

/**
 * The refresh grants' view of device profiles (docs/gateway.md#pin-refresh): a profile with a PIN
 * refreshes only with it (or its biometric key); a wrong one counts an attempt and the last one
 * revokes the profile with the rotation's transaction.
 */
@Injectable()
export class ProfileRefreshGuard implements DeviceProfileGuard {
  constructor(
    private readonly repository: ProfileRepository,
    private readonly pins: ProfilePins,
  ) {}

  async check(manager: EntityManager, family: LoginFamily, appSignatureId: string | null, proof: ProfileProof): Promise<ProfileVerdict> {
    const stored = await this.repository.pinOf(manager, family.id);
    if (proof.kind === 'none') return stored ? refuse(new InvalidGrantError('this profile is protected by a PIN: use the pin-refresh grant', { code: 'PIN_REQUIRED' })) : UNLOCKED;
    if (!stored) return refuse(new InvalidGrantError('this profile has no PIN', { code: 'PIN_NOT_SET' }));
    const policy = await this.pins.policy(manager, appSignatureId);
    if (proof.kind === 'pin') {
      if (!couldBePin(proof.pin)) {
        return refuse(new InvalidRequestError(`pin must be ${SHORTEST_PIN} to ${PIN_MAX_LENGTH} digits`, { code: 'INVALID_PARAMETER', field: 'pin' }));
      }
      return verdictOf(await this.pins.attemptPin(manager, family.id, stored.pinHash, proof.pin, policy), 'INVALID_PIN', 'wrong PIN');
    }
    return verdictOf(await this.pins.settle(manager, family.id, proof.valid, policy), 'INVALID_BIOMETRIC_ASSERTION', 'the biometric assertion is invalid');
  }

  async biometricKey(familyId: string): Promise<JWK | undefined> {
    return this.repository.biometricKey(familyId);
  }
}

function verdictOf(outcome: AttemptOutcome, code: 'INVALID_PIN' | 'INVALID_BIOMETRIC_ASSERTION', description: string): ProfileVerdict {
  if (outcome.right) return UNLOCKED;
  // Revoked whenever no attempt is left, not only by the attempt that used the last one: the
  // count may already stand at a pinMaxAttempts lowered since (revoking a family twice is harmless).
  if (outcome.exhausted) return refuse(new InvalidGrantError('too many wrong attempts: the profile is revoked; sign in again', { code: 'PIN_ATTEMPTS_EXCEEDED', extra: { attempts_left: 0 } }), true);
  return refuse(new InvalidGrantError(description, { code, extra: { attempts_left: outcome.attemptsLeft } }));
}
