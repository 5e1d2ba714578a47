import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import { IdentityError } from '../identity.errors';
import { OneTimeCodeRepository, type CodeDestination } from './one-time-code.repository';

/** What a code proves; a code issued for one purpose never verifies for another. */
export type OneTimeCodePurpose = 'email-verification' | 'email-login' | 'password-reset' | 'phone-login' | 'link';

/** An environment's `otp` settings (docs/security.md#one-time-codes). */
export interface OneTimeCodePolicy {
  readonly length: number;
  readonly ttlSeconds: number;
  readonly maxAttempts: number;
  readonly resendAfterSeconds: number;
  readonly maxSendsPerHour: number;
}

export const DEFAULT_ONE_TIME_CODE_POLICY: OneTimeCodePolicy = { length: 6, ttlSeconds: 300, maxAttempts: 5, resendAfterSeconds: 30, maxSendsPerHour: 10 };

/** The code lengths a policy may ask for; a presented code of another shape is refused uncounted. */
export const CODE_LENGTHS = { min: 4, max: 10 } as const;

export interface OneTimeCodeTarget {
  readonly environmentId: string;
  readonly purpose: OneTimeCodePurpose;
  /** Already normalised (normalizeEmail, normalizePhoneNumber): codes are found by this exact string. */
  readonly destination: string;
}

export interface IssueRequest extends OneTimeCodeTarget {
  readonly policy: OneTimeCodePolicy;
  readonly now: Date;
  readonly accountId?: string;
  readonly identityId?: string;
  /** What the flow needs back when the code is verified; stored as JSON, so never a secret in clear. */
  readonly payload?: Record<string, unknown>;
  /** A link token too (an email confirmation link), spent with the code: either one proves the address. */
  readonly withLink?: boolean;
}

/** A code to deliver. `code` exists only here: the row holds its HMAC. */
export interface IssuedCode {
  readonly id: string;
  readonly code: string;
  readonly expiresAt: Date;
  /** The earliest a next code to the same destination may be sent. */
  readonly resendAfter: Date;
  /** With `withLink`: the link's token (the row id and a 256-bit secret whose HMAC the row keeps). */
  readonly linkToken?: string;
}

/** Where a link token's code was sent. */
export interface VerifiedLink {
  readonly environmentId: string;
  readonly destination: string;
}

export interface VerifyRequest extends OneTimeCodeTarget {
  readonly code: unknown;
  readonly now: Date;
  /** The account the code was issued to (IssueRequest.accountId): presented by another, it is a wrong code, the guess counted. */
  readonly accountId?: string;
}

/** The code, spent by this verification. */
export interface VerifiedCode {
  readonly id: string;
  readonly accountId: string | null;
  readonly identityId: string | null;
  readonly payload: Record<string, unknown> | null;
  readonly issuedAt: Date;
}

const HOUR_MS = 3_600_000;

/**
 * One-time codes sent by mail or SMS (docs/security.md#one-time-codes): a send is decided under the
 * destination's lock (the resend wait and the hourly limit hold under concurrency, on every
 * instance), a guess is counted before it is checked, and a right code is spent by one winner.
 */
@Injectable()
export class OneTimeCodes {
  private readonly codes: OneTimeCodeRepository;

  constructor(
    dataSource: DataSource,
    private readonly hasher: SecretHasher,
  ) {
    this.codes = new OneTimeCodeRepository(dataSource);
  }

  /**
   * A new code for the destination, voiding the one before it. RATE_LIMITED (with `retryAfter`)
   * when the last send is younger than `resendAfterSeconds` or `maxSendsPerHour` codes were sent
   * in the last hour; nothing is created then.
   */
  issue(request: IssueRequest): Promise<IssuedCode> {
    const { policy, now } = request;
    assertPolicy(policy);
    const to = destinationOf(request);
    return this.codes.withDestinationLock(to, async (manager) => {
      const hourAgo = new Date(now.getTime() - HOUR_MS);
      const resendWait = policy.resendAfterSeconds * 1000;
      const since = new Date(Math.min(hourAgo.getTime(), now.getTime() - resendWait));
      const sent = await this.codes.sentSince(manager, to, since, policy.maxSendsPerHour);
      refuseTooSoon(sent, { now, resendWait, hourAgo, maxSendsPerHour: policy.maxSendsPerHour });

      await this.codes.voidLive(manager, to, now);
      const id = randomUUID();
      const code = Array.from({ length: policy.length }, () => randomInt(10)).join('');
      const linkSecret = request.withLink ? SecretHasher.generate() : undefined;
      const payload = linkSecret === undefined ? (request.payload ?? null) : { ...request.payload, [LINK_HASH]: this.hasher.hash(linkSecret) };
      const expiresAt = new Date(now.getTime() + policy.ttlSeconds * 1000);
      await this.codes.insert(manager, {
        ...to,
        id,
        codeHash: this.hasher.hash(hashInput(id, code)),
        maxAttempts: policy.maxAttempts,
        expiresAt,
        createdAt: now,
        accountId: request.accountId ?? null,
        identityId: request.identityId ?? null,
        payload,
      });
      const issued = { id, code, expiresAt, resendAfter: new Date(now.getTime() + resendWait) };
      return linkSecret === undefined ? issued : { ...issued, linkToken: `${id}.${linkSecret}` };
    });
  }

  /**
   * Spends the destination's live code if `code` is it. Every guess at a live code counts, right
   * or wrong; a wrong, expired, spent or exhausted code is INVALID_OTP with `attemptsLeft`. A code
   * that is not 4–10 digits is refused without counting (it cannot be any code).
   */
  async verify(request: VerifyRequest): Promise<VerifiedCode> {
    const { code, now } = request;
    if (typeof code !== 'string' || code.length < CODE_LENGTHS.min || code.length > CODE_LENGTHS.max || !/^[0-9]+$/.test(code)) {
      throw new IdentityError('INVALID_OTP', `code must be ${CODE_LENGTHS.min} to ${CODE_LENGTHS.max} digits`, { field: 'code' });
    }
    const counted = await this.codes.countAttempt(destinationOf(request), now);
    if (!counted) throw invalidCode(0);
    const attemptsLeft = counted.max_attempts - counted.attempts;
    const right = this.hasher.verify(hashInput(counted.id, code), counted.code_hash);
    if (!right || (request.accountId !== undefined && counted.account_id !== request.accountId)) throw invalidCode(attemptsLeft);
    const consumed = await this.codes.consume(counted.id, now);
    // A concurrent right guess spent it first.
    if (!consumed) throw invalidCode(0);
    return { id: consumed.id, accountId: consumed.account_id, identityId: consumed.identity_id, payload: consumed.payload, issuedAt: consumed.created_at };
  }

  /**
   * Spends the code a link token belongs to, if the token is its: the row unspent and unexpired,
   * the secret's HMAC the one it keeps (compared in constant time). Undefined otherwise, whatever
   * was wrong. The 256-bit secret cannot be guessed, so link attempts are not counted.
   */
  async verifyLink(token: unknown, purpose: OneTimeCodePurpose, now: Date): Promise<VerifiedLink | undefined> {
    const parts = typeof token === 'string' && token.length <= 128 ? /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
    if (!parts) return undefined;
    const row = await this.codes.findLive(parts[1], purpose, now);
    const linkHash = row?.payload?.[LINK_HASH];
    if (!row || !this.hasher.verify(parts[2], typeof linkHash === 'string' ? linkHash : null)) return undefined;
    if (!(await this.codes.consume(row.id, now))) return undefined;
    return { environmentId: row.environment_id, destination: row.destination };
  }

  /** Spends a code that could not be delivered, so it can never be used; it still counts as sent. */
  async void(id: string, now: Date = new Date()): Promise<void> {
    await this.codes.consume(id, now);
  }
}

/** The payload key of a link token's HMAC. */
const LINK_HASH = 'linkHash';

/** The row id is a fixed-length UUID, so the id and the code concatenated are unambiguous. */
const hashInput = (id: string, code: string) => id + code;

const destinationOf = (target: OneTimeCodeTarget): CodeDestination => ({
  environmentId: target.environmentId,
  purpose: target.purpose,
  destination: target.destination,
});

const invalidCode = (attemptsLeft: number) => new IdentityError('INVALID_OTP', 'the code is wrong, expired or already used', { field: 'code', attemptsLeft });

/**
 * RATE_LIMITED when the newest send is within the resend wait, or the hour already holds the
 * limit's worth of sends (`sent`: newest first, at most the limit): then the next send is free when
 * the oldest of those leaves the hour.
 */
function refuseTooSoon(sent: readonly Date[], rules: { now: Date; resendWait: number; hourAgo: Date; maxSendsPerHour: number }): void {
  const waits: number[] = [];
  if (sent[0] && sent[0].getTime() + rules.resendWait > rules.now.getTime()) waits.push(sent[0].getTime() + rules.resendWait);
  const inHour = sent.filter((at) => at > rules.hourAgo);
  if (inHour.length >= rules.maxSendsPerHour) waits.push(inHour[rules.maxSendsPerHour - 1].getTime() + HOUR_MS);
  if (waits.length > 0) {
    throw new IdentityError('RATE_LIMITED', 'too many codes sent to this destination; try again later', { retryAfter: new Date(Math.max(...waits)) });
  }
}

/** The settings are validated where they are saved; a policy outside these bounds is a bug, not input. */
function assertPolicy(policy: OneTimeCodePolicy): void {
  const whole = (value: number, min: number) => Number.isSafeInteger(value) && value >= min;
  if (!whole(policy.length, CODE_LENGTHS.min) || policy.length > CODE_LENGTHS.max) throw new RangeError(`code length ${policy.length} is outside ${CODE_LENGTHS.min}-${CODE_LENGTHS.max}`);
  if (!whole(policy.ttlSeconds, 1) || !whole(policy.maxAttempts, 1) || !whole(policy.resendAfterSeconds, 0) || !whole(policy.maxSendsPerHour, 1)) {
    throw new RangeError('one-time code policy values must be whole numbers (ttl, attempts and sends at least 1)');
  }
}
