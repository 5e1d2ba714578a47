import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SignedInIdentity } from '../accounts/account-identities';
import { normalizeEmail } from '../addresses/email-address';
import { IdentityError } from '../identity.errors';
import { checkPasswordStrength } from '../local/password-policy';
import { hashPassword } from '../password-hasher';
import { EMAIL_PROVIDER, EmailIdentityRepository, type EmailIdentityRow } from './email-identity.repository';

export interface SignUp {
  readonly environmentId: string;
  readonly email: unknown;
  readonly password: unknown;
  readonly displayName?: string;
  /** The account of the sign-up's Bearer token: the identity joins it rather than a new account. */
  readonly accountId?: string;
  readonly now: Date;
}

/** A new email identity, and how to take it back when its confirmation mail cannot be sent. */
export interface SignedUp extends EmailIdentityRow {
  readonly email: string;
  /** The account was anonymous (it expires): once the mail is sent, completeSignUp makes it a lasting one. */
  readonly joinedAnonymous: boolean;
  readonly createdAccount: boolean;
}

/**
 * The gateway's email identities (docs/gateway.md#email-login): provider `email`, the normalised
 * address as providerUid, an argon2id password. Codes and mail are the callers'; this keeps the rows.
 */
@Injectable()
export class EmailIdentities {
  private readonly rows: EmailIdentityRepository;

  constructor(dataSource: DataSource) {
    this.rows = new EmailIdentityRepository(dataSource);
  }

  /**
   * A new identity, in a new account or the given one. The address is checked first, then the
   * password; nothing is written when either is refused.
   * @throws IdentityError INVALID_EMAIL, TOO_WEAK_PASSWORD, EXISTING_IDENTITY (the address is some identity's already)
   */
  async signUp(request: SignUp): Promise<SignedUp> {
    const email = normalizeEmail(request.email);
    const password = passwordOf(request.password);
    checkPasswordStrength(password);
    const identity = {
      environmentId: request.environmentId,
      email,
      passwordHash: await hashPassword(password),
      profile: request.displayName === undefined ? {} : { displayName: request.displayName },
      now: request.now,
    };
    if (request.accountId === undefined) {
      const created = await this.rows.insertWithAccount(identity);
      if (!created) throw taken();
      return { ...created, email, joinedAnonymous: false, createdAccount: true };
    }
    const joinedAnonymous = await this.rows.accountExpires(request.accountId);
    const joined = await this.rows.insertIntoAccount(identity, request.accountId);
    if (joined === 'taken') throw taken();
    // The token's login proved the account an instant ago: it was removed meanwhile.
    if (joined === 'no-account') throw new IdentityError('ACCOUNT_DISABLED', 'the account of the access token is gone');
    return { ...joined, email, joinedAnonymous, createdAccount: false };
  }

  /** After the confirmation mail went out: an anonymous account joined keeps its uid, without its anonymous identity or expiry. */
  async completeSignUp(signedUp: SignedUp, anonymousProvider: string): Promise<void> {
    if (signedUp.joinedAnonymous) await this.rows.dropAnonymity(signedUp.accountId, anonymousProvider);
  }

  /** Takes a sign-up back (its mail could not be sent): the account too when the sign-up made it. */
  async undoSignUp(signedUp: SignedUp): Promise<void> {
    if (signedUp.createdAccount) await this.rows.deleteAccount(signedUp.accountId);
    else await this.rows.deleteIdentity(signedUp.identityId);
  }

  find(environmentId: string, email: string): Promise<EmailIdentityRow | undefined> {
    return this.rows.find(environmentId, email);
  }

  markVerified(identityId: string, on?: EntityManager): Promise<void> {
    return this.rows.markVerified(identityId, on);
  }

  /**
   * Signs in the identity a code to its address proved, on the login's transaction: the address
   * verified and the login recorded.
   * @throws IdentityError INVALID_OTP (the identity was removed since the code was sent), ACCOUNT_DISABLED
   */
  async signInProven(on: EntityManager, environmentId: string, email: string, now: Date): Promise<SignedInIdentity> {
    const identity = await this.rows.find(environmentId, email, on);
    if (!identity) throw new IdentityError('INVALID_OTP', 'the code is wrong, expired or already used', { field: 'code', attemptsLeft: 0 });
    const account = await this.rows.accountState(on, identity.accountId, now);
    if (!account || account.disabled) throw new IdentityError('ACCOUNT_DISABLED', 'this account is disabled');
    if (account.expired) throw new IdentityError('ACCOUNT_DISABLED', 'this account has expired');
    await this.rows.markVerified(identity.identityId, on);
    await this.rows.recordLogin(on, identity.identityId, identity.accountId, now);
    return { accountId: identity.accountId, identityId: identity.identityId, provider: EMAIL_PROVIDER, providerUid: email, accountExpiresAt: account.expiresAt };
  }

  /** @throws IdentityError MISSING_EMAIL_OR_PASSWORD, TOO_WEAK_PASSWORD: what setPassword would refuse, before anything is spent. */
  checkPassword(password: unknown): void {
    checkPasswordStrength(passwordOf(password));
  }

  /**
   * A new password for the identity (checked as at sign-up). `verified`: the change was proved by
   * a code sent to the address, which verifies it.
   * @throws IdentityError TOO_WEAK_PASSWORD
   */
  async setPassword(identityId: string, password: unknown, verified: boolean): Promise<void> {
    const checked = passwordOf(password);
    checkPasswordStrength(checked);
    await this.rows.setPassword(identityId, await hashPassword(checked), verified);
  }

  /** The account's email identity a password change applies to: the login's own when it is one, else the oldest. */
  async ofAccount(accountId: string, loginIdentityId: string | null): Promise<EmailIdentityRow | undefined> {
    return (await this.rows.ofAccount(accountId, loginIdentityId))[0];
  }

  async appName(environmentId: string): Promise<string> {
    return (await this.rows.appName(environmentId)) ?? 'RapidAuth';
  }

  liveFamilies(accountId: string): Promise<string[]> {
    return this.rows.liveFamilies(accountId);
  }
}

const taken = () => new IdentityError('EXISTING_IDENTITY', 'an identity with this email already exists', { field: 'email' });

function passwordOf(password: unknown): string {
  if (typeof password !== 'string' || password === '') throw new IdentityError('MISSING_EMAIL_OR_PASSWORD', 'password is required', { field: 'password' });
  return password;
}
