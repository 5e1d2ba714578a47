import { Injectable } from '@nestjs/common';
import { IdentityError, IdentityMethods, MfaChallenges, RecoveryCodes, TotpFactors, type ChallengeSubject } from '@rapidauth/identity';
import type { EntityManager } from 'typeorm';
import type { MfaOrigin } from '../account/account-mfa-audit';
import { InvalidGrantError, MfaRequiredError } from '../errors';
import type { AuthenticationMethod, LoginClaims } from '../tokens/login-claims';
import { ChallengeEnrolment, elsewhere, isAnsweredBy, isChallengeOf, isEnrolment, MFA_ENROLMENT_METHODS, otherClient, type EnrollingClient } from './challenge-enrolment';

/** What a second factor may be answered with (docs/gateway.md#second-factor-at-login). */
export const MFA_METHODS = ['totp', 'recovery_code'] as const;

/** RFC 8176 §2 methods a second factor adds to the first factor's. */
export const SECOND_FACTOR_AMR: readonly AuthenticationMethod[] = ['mfa', 'otp'];

/** The first factor's claims with the second factor's methods added. */
export function withSecondFactor(claims: LoginClaims): LoginClaims {
  return { ...claims, amr: [...new Set([...(claims.amr ?? []), ...SECOND_FACTOR_AMR])] };
}

/** What a login keeps while it waits for its second factor, to finish as the first factor would have. */
export interface WaitingLogin {
  readonly accountId: string;
  readonly identityId: string;
  readonly authServiceId: string;
  readonly scope: readonly string[];
  readonly claims: LoginClaims;
  /** The hosted page's login transaction the challenge belongs to: only that page may finish it. */
  readonly transactionId?: string;
  /** The account has no authenticator: the challenge enrols one, its first right code confirms it. */
  readonly enrolment?: true;
}

/** A waiting login whose second factor was right; an enrolment's also hands out the recovery codes (shown once). */
export type AnsweredLogin = WaitingLogin & { readonly recoveryCodes?: readonly string[] };

/** Whether a first factor ends the login, needs the second, or needs an authenticator enrolled first. */
export type SecondFactorNeed = 'none' | 'challenge' | 'enrol';

/** The client a second factor is answered through: its challenge is bound to it. */
export type ChallengedClient = EnrollingClient;

/** An anonymous account is made by its own login: it cannot come back to an authenticator (docs/gateway.md#second-factor-at-login). */
const CANNOT_ENROL = 'anonymous';

const TOTP_CODE = /^\d{6}$/;

/**
 * The second factor of every login that can end in tokens (own-identity grants, the password
 * grant, the hosted page): which accounts need it (a confirmed authenticator, or the environment's
 * `mfa.required`), the challenge a right first factor opens instead of a family, and the check of
 * the code that answers it (a TOTP code or a recovery code, each used once). An account without
 * an authenticator under `mfa.required` gets an enrolment challenge, answered by the first code of
 * the authenticator it enrols with it (ChallengeEnrolment).
 */
@Injectable()
export class SecondFactors {
  constructor(
    private readonly identityMethods: IdentityMethods,
    private readonly totpFactors: TotpFactors,
    private readonly recoveryCodes: RecoveryCodes,
    private readonly challenges: MfaChallenges,
    private readonly enrolments: ChallengeEnrolment,
  ) {}

  /** Whether the environment asks every account for a second factor. */
  async requiredIn(environmentId: string): Promise<boolean> {
    return (await this.identityMethods.forEnvironment(environmentId)).mfa.required;
  }

  /** What the account's login needs after its first factor; on the login's transaction when given. */
  async need(accountId: string, required: boolean, on?: EntityManager): Promise<SecondFactorNeed> {
    if (await this.totpFactors.isEnrolled(accountId, on)) return 'challenge';
    return required ? 'enrol' : 'none';
  }

  /**
   * Opens the challenge of a waiting login: its `mfa_token`, answered once, never stored in clear;
   * in `manager`'s transaction when given (a login that creates its account commits both together).
   */
  open(client: ChallengedClient, login: WaitingLogin, now: Date, manager?: EntityManager): Promise<{ mfaToken: string; expiresIn: number }> {
    const stored = { ...login, scope: [...login.scope], claims: { ...login.claims, amr: login.claims.amr ? [...login.claims.amr] : null } };
    return this.challenges.create({ accountId: login.accountId, environmentId: client.environmentId, clientId: client.clientId, login: stored, now }, manager);
  }

  /**
   * The refusal that answers a first factor needing more: 403 mfa_required with a new challenge
   * asking for the code, or, for `enrol`, MFA_ENROLLMENT_REQUIRED with an enrolment challenge
   * (none for an anonymous login, which cannot enrol).
   */
  async refusal(need: Exclude<SecondFactorNeed, 'none'>, client: ChallengedClient, login: WaitingLogin, now: Date, manager?: EntityManager): Promise<MfaRequiredError> {
    if (need === 'enrol') {
      if (login.claims.provider === CANNOT_ENROL) return new MfaRequiredError(null);
      const { mfaToken, expiresIn } = await this.open(client, { ...login, enrolment: true }, now, manager);
      return new MfaRequiredError({ mfaToken, expiresIn, methods: [] }, MFA_ENROLMENT_METHODS);
    }
    const { mfaToken, expiresIn } = await this.open(client, login, now, manager);
    return new MfaRequiredError({ mfaToken, expiresIn, methods: MFA_METHODS });
  }

  /**
   * Answers the challenge through `client` with `code`: the attempt is counted first (five end
   * the challenge), a challenge of another client or environment is refused (and counted), and
   * the right code spends the challenge for one winner. An enrolment challenge takes only the
   * first code of the authenticator enrolled with it, which it confirms. A hosted page's challenge
   * is answered only by its transaction (`transactionId`), an API login's only without one: the
   * other is refused before any code is checked. The waiting login, or invalid_grant: INVALID_OTP
   * with `attempts_left`.
   */
  async answer(client: ChallengedClient, mfaToken: unknown, code: unknown, now: Date, origin: MfaOrigin = {}, transactionId?: string): Promise<AnsweredLogin> {
    let recoveryCodes: readonly string[] | undefined;
    try {
      const stored = await this.challenges.attempt(
        mfaToken,
        async (subject) => {
          if (!isChallengeOf(client, subject)) throw otherClient();
          if (!isAnsweredBy(subject, transactionId)) throw elsewhere();
          if (!isEnrolment(subject)) return this.check(subject, code, now);
          const confirmed = typeof code === 'string' && (await this.enrolments.confirm(client, subject, code.trim(), origin, now));
          if (confirmed) recoveryCodes = confirmed;
          return Boolean(confirmed);
        },
        now,
      );
      const waiting = stored as unknown as WaitingLogin;
      return recoveryCodes ? { ...waiting, recoveryCodes } : waiting;
    } catch (error) {
      if (error instanceof IdentityError && error.code === 'INVALID_OTP') {
        throw new InvalidGrantError(error.message, { code: 'INVALID_OTP', field: error.field, extra: { attempts_left: error.attemptsLeft ?? 0 } });
      }
      throw error;
    }
  }

  private async check(subject: ChallengeSubject, code: unknown, now: Date): Promise<boolean> {
    if (typeof code !== 'string') return false;
    const compact = code.trim();
    if (TOTP_CODE.test(compact)) await this.totpFactors.verify(subject.accountId, compact, now);
    else await this.recoveryCodes.consume(subject.accountId, compact, now);
    return true;
  }
}
