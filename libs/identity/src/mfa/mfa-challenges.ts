import { Injectable } from '@nestjs/common';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import { IdentityError } from '../identity.errors';
import { MfaChallengeRepository } from './mfa-challenge.repository';

/** How long the second factor may take, and how many wrong codes end the login. */
export const MFA_CHALLENGE_TTL_SECONDS = 300;
export const MFA_CHALLENGE_MAX_ATTEMPTS = 5;

export interface NewMfaChallenge {
  readonly accountId: string;
  readonly environmentId: string;
  readonly clientId: string;
  /** What the first factor decided, to finish the login with (stored as JSON: never a secret in clear). */
  readonly login: Record<string, unknown>;
  readonly now?: Date;
}

/** Whose challenge is being answered: a check refuses a code for another client. */
export interface ChallengeSubject {
  readonly accountId: string;
  readonly environmentId: string;
  readonly clientId: string;
}

/**
 * Logins waiting for their second factor (docs/security.md#second-factor), behind a random
 * `mfa_token` stored only as its HMAC: every attempt is counted before it is checked, five end
 * the challenge, and a right one spends it for one winner.
 */
@Injectable()
export class MfaChallenges {
  private readonly challenges: MfaChallengeRepository;

  constructor(
    dataSource: DataSource,
    private readonly hasher: SecretHasher,
  ) {
    this.challenges = new MfaChallengeRepository(dataSource);
  }

  async create(request: NewMfaChallenge): Promise<{ mfaToken: string; expiresIn: number }> {
    const now = request.now ?? new Date();
    const mfaToken = SecretHasher.generate();
    await this.challenges.insert({
      tokenHash: this.hasher.hash(mfaToken),
      accountId: request.accountId,
      environmentId: request.environmentId,
      clientId: request.clientId,
      login: request.login,
      expiresAt: new Date(now.getTime() + MFA_CHALLENGE_TTL_SECONDS * 1000),
      now,
    });
    return { mfaToken, expiresIn: MFA_CHALLENGE_TTL_SECONDS };
  }

  /**
   * Counts an attempt at the challenge, runs `check` (false, or an INVALID_OTP it throws, is a
   * wrong code) and, when right, spends the challenge and answers the stored login. INVALID_OTP
   * with `attemptsLeft` for a wrong code; with `field: 'mfa_token'` for an unknown, expired,
   * spent or exhausted challenge.
   */
  async attempt(mfaToken: unknown, check: (subject: ChallengeSubject) => Promise<boolean>, now: Date = new Date()): Promise<Record<string, unknown>> {
    if (typeof mfaToken !== 'string' || mfaToken.length === 0 || mfaToken.length > 128) throw noChallenge();
    const counted = await this.challenges.countAttempt(this.hasher.hash(mfaToken), MFA_CHALLENGE_MAX_ATTEMPTS, now);
    if (!counted) throw noChallenge();
    const subject = { accountId: counted.account_id, environmentId: counted.environment_id, clientId: counted.client_id };
    if (!(await passes(check, subject))) {
      throw new IdentityError('INVALID_OTP', 'the code is wrong', { field: 'code', attemptsLeft: MFA_CHALLENGE_MAX_ATTEMPTS - counted.attempts });
    }
    const login = await this.challenges.consume(counted.id, now);
    // A concurrent right attempt spent it first.
    if (!login) throw noChallenge();
    return login;
  }
}

async function passes(check: (subject: ChallengeSubject) => Promise<boolean>, subject: ChallengeSubject): Promise<boolean> {
  try {
    return await check(subject);
  } catch (error) {
    if (error instanceof IdentityError && error.code === 'INVALID_OTP') return false;
    throw error;
  }
}

const noChallenge = () => new IdentityError('INVALID_OTP', 'the mfa_token is unknown, expired or used up; sign in again', { field: 'mfa_token', attemptsLeft: 0 });
