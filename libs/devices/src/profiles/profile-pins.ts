import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { hashPassword, verifyPassword } from '@rapidauth/identity';
import type { EntityManager } from 'typeorm';
import { APP_SIGNATURE_DEFAULTS } from '../app-signatures/app-signatures';
import { ProfileRepository, type PinPolicy } from './profile.repository';

/**
 * A judged attempt: right (the count reset), or wrong with the attempts left; `exhausted` once none
 * are (its caller revokes the profile).
 */
export type AttemptOutcome = { readonly right: true } | { readonly right: false; readonly attemptsLeft: number; readonly exhausted: boolean };

const DEFAULT_POLICY: PinPolicy = { maxAttempts: APP_SIGNATURE_DEFAULTS.pinMaxAttempts, minLength: APP_SIGNATURE_DEFAULTS.pinMinLength };

/**
 * Profile PINs (docs/security.md#device-pins): stored as argon2id over HMAC-SHA256(SECRET_PEPPER,
 * family id + PIN), so a stolen table alone tests no guess. Every wrong PIN or biometric assertion
 * is one conditional increment, never past `pinMaxAttempts`: N concurrent wrong attempts count
 * exactly min(N, max), and a right one resets the count only while it is below max.
 */
@Injectable()
export class ProfilePins {
  private readonly pepper: Buffer;

  constructor(
    private readonly repository: ProfileRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pepper = config.secretPepper.reveal();
  }

  policy(manager: EntityManager, appSignatureId: string | null): Promise<PinPolicy> {
    return this.repository.policy(manager, appSignatureId, DEFAULT_POLICY);
  }

  hash(familyId: string, pin: string): Promise<string> {
    return hashPassword(this.peppered(familyId, pin));
  }

  /** Judges `pin` against the stored hash (argon2 compares in constant time), counting a wrong one. */
  async attemptPin(manager: EntityManager, familyId: string, pinHash: string, pin: string, policy: PinPolicy): Promise<AttemptOutcome> {
    return this.settle(manager, familyId, await verifyPassword(pinHash, this.peppered(familyId, pin)), policy);
  }

  /** Counts a failure or resets the count after a success. */
  async settle(manager: EntityManager, familyId: string, right: boolean, policy: PinPolicy): Promise<AttemptOutcome> {
    if (right && (await this.repository.resetFailures(manager, familyId, policy.maxAttempts))) return { right: true };
    const count = right ? undefined : await this.repository.countFailure(manager, familyId, policy.maxAttempts);
    if (count === undefined) return { right: false, attemptsLeft: 0, exhausted: true };
    const attemptsLeft = policy.maxAttempts - count;
    return { right: false, attemptsLeft, exhausted: attemptsLeft === 0 };
  }

  /** In hex: argon2's verify takes only UTF-8 passwords. */
  private peppered(familyId: string, pin: string): string {
    return createHmac('sha256', this.pepper).update(familyId + pin).digest('hex');
  }
}
