import { Injectable } from '@nestjs/common';
import { addressKey, LoginThrottle, subjectKey, type TotpEnrolment } from '@rapidauth/identity';
import type { AppClient } from '../clients/resolved-client';
import { type ErrorCode, InvalidGrantError, OAuthError } from '../errors';
import { ChallengeEnrolment } from '../login/challenge-enrolment';
import { SecondFactors, withSecondFactor, type SecondFactorNeed } from '../login/second-factors';
import type { AuthorizationRequest } from './authorization-request';
import { LoginTransactions, type LoginTransaction, type RedirectSignIn } from './login-transactions';

/** What the enrolment page shows of a new authenticator: its QR code and, for manual entry, its secret. */
export type EnrolmentView = Pick<TotpEnrolment, 'secret' | 'qrCodeSvg'>;

/** The second factor's form (docs/gateway.md#second-factor-at-login): 200, or 400 again with INVALID_OTP; with the QR code when it enrols one. */
export interface MfaPage {
  readonly kind: 'mfa-page';
  readonly loginTx: string;
  readonly mfaToken: string;
  readonly client: AppClient;
  readonly request: AuthorizationRequest;
  readonly status: number;
  readonly error?: ErrorCode;
  readonly attemptsLeft?: number;
  readonly enrolment?: EnrolmentView;
}

/** The recovery codes of the authenticator the sign-in enrolled, shown once; Continue goes on with the sign-in. */
export interface RecoveryCodesPage {
  readonly kind: 'recovery-codes-page';
  readonly loginTx: string;
  readonly client: AppClient;
  readonly request: AuthorizationRequest;
  readonly recoveryCodes: readonly string[];
}

/** How a code posted to the form ends: a page, the sign-in going on with the second factor, or the transaction over. */
export type MfaAnswer = { readonly page: MfaPage | RecoveryCodesPage } | { readonly done: RedirectSignIn } | { readonly ended: OAuthError };

/**
 * The hosted page's second-factor step (docs/gateway.md#second-factor-at-login): after the first
 * factor, who signed in waits on the transaction while the page asks for the authenticator's code,
 * or, under `mfa.required` without an authenticator, shows a new one's QR code and takes its first
 * code, which confirms it; the recovery codes are then shown once, and the transaction records that
 * the second factor is done, so resuming it goes on with the sign-in and never shows them again.
 */
@Injectable()
export class MfaStep {
  constructor(
    private readonly secondFactors: SecondFactors,
    private readonly enrolments: ChallengeEnrolment,
    private readonly transactions: LoginTransactions,
    private readonly throttle: LoginThrottle,
  ) {}

  /** The form after a first factor that needs more: the challenge opened for the transaction, and for `enrol` the new authenticator. */
  async ask(client: AppClient, transaction: LoginTransaction, loginTx: string, who: RedirectSignIn, need: Exclude<SecondFactorNeed, 'none'>, now: Date): Promise<MfaPage> {
    // Who signed in waits on the transaction (upstream tokens sealed) until the second factor is right.
    await this.transactions.recordSignIn(transaction.id, who);
    const waiting = { accountId: who.accountId, identityId: who.identityId, authServiceId: who.authServiceId, scope: transaction.request.scope, claims: who.claims, transactionId: transaction.id };
    const { mfaToken } = await this.secondFactors.open(client, need === 'enrol' ? { ...waiting, enrolment: true } : waiting, now);
    const page: MfaPage = { kind: 'mfa-page', loginTx, mfaToken, client, request: transaction.request, status: 200 };
    if (need === 'challenge') return page;
    const { secret, qrCodeSvg } = await this.enrolments.begin(client, mfaToken, {}, now, transaction.id);
    return { ...page, enrolment: { secret, qrCodeSvg } };
  }

  /**
   * A code posted to the form, in the browser that started the sign-in: counted by the lockout per
   * account and address first (docs/security.md#lockout; locked: the form again, unchecked), then
   * by the challenge. Right: the sign-in goes on with `mfa otp` added, or, when it confirmed a new
   * authenticator, the recovery codes are shown first. Wrong: the form again (with the QR code of
   * the enrolment still unconfirmed). The fifth wrong code or a spent challenge ends it.
   */
  async answer(client: AppClient, transaction: LoginTransaction & { signedIn: RedirectSignIn }, form: { loginTx: string; mfaToken: string; otp: string }, ip: string, now: Date): Promise<MfaAnswer> {
    const { signedIn } = transaction;
    const page = async (status: number, error: ErrorCode, attemptsLeft?: number): Promise<MfaPage> => {
      const enrolment = await this.enrolments.shownAgain(client, { accountId: signedIn.accountId, login: { identityId: signedIn.identityId } });
      const base: MfaPage = { kind: 'mfa-page', loginTx: form.loginTx, mfaToken: form.mfaToken, client, request: transaction.request, status, error, attemptsLeft };
      return enrolment ? { ...base, enrolment: { secret: enrolment.secret, qrCodeSvg: enrolment.qrCodeSvg } } : base;
    };
    const reserved = await this.throttle.reserve({ address: addressKey(client.environmentId, ip), subject: subjectKey('mfa', signedIn.accountId) }, now);
    if ('lockedUntil' in reserved) return { page: await page(429, 'IDENTITY_TEMPORARILY_LOCKED') };
    try {
      const waiting = await this.secondFactors.answer(client, form.mfaToken, form.otp, now, { ip }, transaction.id);
      await this.throttle.release(reserved);
      const done: RedirectSignIn = { ...signedIn, authTime: now, claims: withSecondFactor(signedIn.claims) };
      if (!waiting.recoveryCodes) return { done };
      await this.transactions.recordSignIn(transaction.id, { ...done, secondFactorDone: true });
      return { page: { kind: 'recovery-codes-page', loginTx: form.loginTx, client, request: transaction.request, recoveryCodes: waiting.recoveryCodes } };
    } catch (error) {
      const attemptsLeft = error instanceof InvalidGrantError && error.code === 'INVALID_OTP' ? Number(error.extra?.attempts_left ?? 0) : undefined;
      if (attemptsLeft !== undefined && attemptsLeft > 0) return { page: await page(400, 'INVALID_OTP', attemptsLeft) };
      if (!(error instanceof OAuthError)) throw error;
      return { ended: error };
    }
  }
}
