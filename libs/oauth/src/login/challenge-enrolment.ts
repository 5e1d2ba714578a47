import { Injectable } from '@nestjs/common';
import { IdentityError, MfaChallenges, type ChallengeSubject, type TotpEnrolment } from '@rapidauth/identity';
import { AccountMfa } from '../account/account-mfa';
import type { MfaAccount, MfaOrigin } from '../account/account-mfa-audit';
import { ConflictError, InvalidGrantError, OAuthError } from '../errors';

/** What a sign-in without an authenticator may enrol under `mfa.required` (docs/gateway.md#second-factor-at-login). */
export const MFA_ENROLMENT_METHODS = ['totp'] as const;

/** The client a challenge is answered through, and its organization (for the audit). */
export interface EnrollingClient {
  readonly clientId: string;
  readonly environmentId: string;
  readonly organizationId: string;
}

/**
 * First-login enrolment (trust on first use of a required second factor): a login waiting behind
 * an enrolment challenge enrols a TOTP authenticator with its `mfa_token`, and the challenge's
 * first right code confirms it. The same enrolment as the account's Bearer endpoints (AccountMfa),
 * so both ways are audited alike; only a challenge opened as an enrolment may enrol.
 */
@Injectable()
export class ChallengeEnrolment {
  constructor(
    private readonly challenges: MfaChallenges,
    private readonly mfa: AccountMfa,
  ) {}

  /**
   * A new unconfirmed authenticator for the challenge's account, replacing an older unconfirmed one.
   * No live challenge → INVALID_OTP (`mfa_token`); another client's, or one of another way in (a
   * hosted page's `transactionId`, or the API's) → INVALID_GRANT; a challenge that asks for an
   * authenticator's code → MFA_ALREADY_ENROLLED. Counts no attempt: nothing is guessed.
   */
  async begin(client: EnrollingClient, mfaToken: unknown, origin: MfaOrigin, now: Date, transactionId?: string): Promise<TotpEnrolment> {
    let subject: ChallengeSubject;
    try {
      subject = await this.challenges.find(mfaToken, now);
    } catch (error) {
      if (error instanceof IdentityError && error.code === 'INVALID_OTP') {
        throw new InvalidGrantError(error.message, { code: 'INVALID_OTP', field: 'mfa_token', extra: { attempts_left: 0 } });
      }
      throw error;
    }
    if (!isChallengeOf(client, subject)) throw otherClient();
    if (!isAnsweredBy(subject, transactionId)) throw elsewhere();
    if (!isEnrolment(subject)) throw new ConflictError('this sign-in asks for the code of its authenticator, not a new one', { code: 'MFA_ALREADY_ENROLLED' });
    return this.mfa.enrol(accountOf(client, subject), origin, now);
  }

  /**
   * Confirms the enrolment with the challenge's code: the recovery codes (shown once), or false
   * for a wrong code, no enrolment, or an authenticator confirmed meanwhile (the attempt is counted by the caller).
   */
  async confirm(client: EnrollingClient, subject: ChallengeSubject, code: string, origin: MfaOrigin, now: Date): Promise<string[] | false> {
    try {
      return (await this.mfa.confirm(accountOf(client, subject), code, origin, now)).recoveryCodes;
    } catch (error) {
      if (error instanceof OAuthError && (error.code === 'INVALID_OTP' || error.code === 'MFA_ALREADY_ENROLLED')) return false;
      throw error;
    }
  }

  /** The enrolment shown again to the hosted page's sign-in after a wrong code (not answered over the API). */
  shownAgain(client: EnrollingClient, subject: Pick<ChallengeSubject, 'accountId' | 'login'>): Promise<TotpEnrolment | undefined> {
    return this.mfa.pendingEnrolment(accountOf(client, subject));
  }
}

/** Whether the challenge was opened as an enrolment (WaitingLogin.enrolment). */
export function isEnrolment(subject: Pick<ChallengeSubject, 'login'>): boolean {
  return subject.login.enrolment === true;
}

export function isChallengeOf(client: { clientId: string; environmentId: string }, subject: ChallengeSubject): boolean {
  return subject.clientId === client.clientId && subject.environmentId === client.environmentId;
}

/** Whether the challenge belongs to that way in: a hosted page's transaction, or (none) the API. */
export function isAnsweredBy(subject: ChallengeSubject, transactionId: string | undefined): boolean {
  return subject.login.transactionId === transactionId;
}

export const elsewhere = () => new InvalidGrantError('this login waits for its second factor elsewhere (a login page or the API); sign in again', { code: 'INVALID_GRANT' });

export const otherClient = () => new InvalidGrantError('the mfa_token was issued to another client', { code: 'INVALID_GRANT' });

function accountOf(client: EnrollingClient, subject: Pick<ChallengeSubject, 'accountId' | 'login'>): MfaAccount {
  const identityId = typeof subject.login.identityId === 'string' ? subject.login.identityId : null;
  return { accountId: subject.accountId, environmentId: client.environmentId, organizationId: client.organizationId, identityId, familyId: null };
}
