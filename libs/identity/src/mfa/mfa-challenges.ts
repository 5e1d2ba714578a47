import { Injectable } from '@nestjs/common';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource, type EntityManager } from 'typeorm';
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
  /** What the first factor decided (as `NewMfaChallenge.login`). */
  readonly login: Readonly<Record<string, unknown>>;
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

  /** A new challenge; in `manager`'s transaction when given. */
  async create(request: NewMfaChallenge, manager?: EntityManager): Promise<{ mfaToken: string; expiresIn: number }> {
    const now = request.now ?? new Date();
    const mfaToken = SecretHasher.generate();
    const row = {
      tokenHash: this.hasher.hash(mfaToken),
      accountId: request.accountId,
      environmentId: request.environmentId,
      clientId: request.clientId,
      login: request.login,
      expiresAt: new Date(now.getTime() + MFA_CHALLENGE_TTL_SECONDS * 1000),
      now,
    };
    await this.challenges.insert(row, manager);
    return { mfaToken, expiresIn: MFA_CHALLENGE_TTL_SECONDS };
  }

  /**
   * The live challenge behind `mfaToken`, without counting an attempt (nothing is checked against
   * it); INVALID_OTP with `field: 'mfa_token'` when there is none.
   */
  async find(mfaToken: unknown, now: Date = new Date()): Promise<ChallengeSubject> {
    if (!isTokenShaped(mfaToken)) throw noChallenge();
    const live = await this.challenges.findLive(this.hasher.hash(mfaToken), MFA_CHALLENGE_MAX_ATTEMPTS, now);
    if (!live) throw noChallenge();
    return { accountId: live.account_id, environmentId: live.environment_id, clientId: live.client_id, login: live.login };
  }

  /**
   * Counts an attempt at the challenge, runs `check` (false, or an INVALID_OTP it throws, is a
   * wrong code) and, when right, spends the challenge and answers the stored login. INVALID_OTP
   * with `attemptsLeft` for a wrong code; with `field: 'mfa_token'` for an unknown, expired,
   * spent or exhausted challenge.
   */
  async attempt(mfaToken: unknown, check: (subject: ChallengeSubject) => Promise<boolean>, now: Date = new Date()): Promise<Record<string, unknown>> {
    if (!isTokenShaped(mfaToken)) throw noChallenge();
    const counted = await this.challenges.countAttempt(this.hasher.hash(mfaToken), MFA_CHALLENGE_MAX_ATTEMPTS, now);
    if (!counted) throw noChallenge();
    const subject = { accountId: counted.account_id, environmentId: counted.environment_id, clientId: counted.client_id, login: counted.login };
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

function isTokenShaped(mfaToken: unknown): mfaToken is string {
  return typeof mfaToken === 'string' && mfaToken.length > 0 && mfaToken.length <= 128;
}

const noChallenge = () => new IdentityError('INVALID_OTP', 'the mfa_token is unknown, expired or used up; sign in again', { field: 'mfa_token', attemptsLeft: 0 });
