import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SEALED_PURPOSES, Vault } from '@rapidauth/vault';
import { toString as qrCodeString } from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';
import { IdentityError } from '../identity.errors';
import { MfaFactorRepository, type FactorRow } from './mfa-factor.repository';
import { RecoveryCodes } from './recovery-codes';
import { matchTotpStep, newTotpSecret, totpUri } from './totp';

/** What an enrolment shows once: the secret is never answered again. */
export interface TotpEnrolment {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrCodeSvg: string;
}

export interface MfaStatus {
  readonly totp: boolean;
  readonly recoveryCodesLeft: number;
}

/**
 * An account's TOTP factor (RFC 6238; docs/security.md#second-factor): enrolled unconfirmed,
 * confirmed by a first right code (which hands out the recovery codes), then each code accepted
 * once. The secret is sealed by the vault, bound to the factor's id.
 */
@Injectable()
export class TotpFactors {
  private readonly factors: MfaFactorRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: Vault,
    private readonly recoveryCodes: RecoveryCodes,
  ) {
    this.factors = new MfaFactorRepository(dataSource);
  }

  /**
   * A new secret for the account, replacing an unconfirmed one; MFA_ALREADY_ENROLLED when its
   * factor is confirmed (remove it first). `label` names the account in the app (e.g. its email).
   */
  async beginEnrolment(account: { id: string; environmentId: string }, issuer: string, label: string, now: Date = new Date()): Promise<TotpEnrolment> {
    const id = randomUUID();
    const secret = newTotpSecret();
    const stored = await this.factors.putUnconfirmed({
      id,
      accountId: account.id,
      environmentId: account.environmentId,
      secretSealed: this.vault.seal(secret, SEALED_PURPOSES.mfaFactor(id)),
      now,
    });
    if (!stored) throw new IdentityError('MFA_ALREADY_ENROLLED', 'the account already has a confirmed authenticator; remove it first');
    return enrolmentView(secret, issuer, label);
  }

  /**
   * The account's unconfirmed enrolment once more, for the sign-in that began it: after a wrong
   * first code its user may not have scanned it yet. Undefined once confirmed, or when there is none.
   */
  async pendingEnrolment(accountId: string, issuer: string, label: string): Promise<TotpEnrolment | undefined> {
    const factor = await this.factors.find(accountId);
    if (!factor || factor.confirmed_at) return undefined;
    return enrolmentView(this.secretOf(factor), issuer, label);
  }

  /**
   * Confirms the enrolment with a right code, and hands out the recovery codes (shown once).
   * INVALID_OTP for a wrong code or no enrolment; MFA_ALREADY_ENROLLED when already confirmed.
   */
  async confirm(accountId: string, code: unknown, now: Date = new Date()): Promise<{ recoveryCodes: string[] }> {
    const factor = await this.factors.find(accountId);
    if (factor?.confirmed_at) throw new IdentityError('MFA_ALREADY_ENROLLED', 'the authenticator is already confirmed');
    if (!factor) throw invalidCode();
    const step = await this.matchStep(factor, code, now);
    return this.dataSource.transaction(async (manager) => {
      // A concurrent confirmation won: its codes are the ones shown.
      if (!(await this.factors.confirm(manager, factor.id, step, now))) throw invalidCode();
      return { recoveryCodes: await this.recoveryCodes.regenerate(accountId, now, manager) };
    });
  }

  /**
   * Accepts a right code of the confirmed factor once: its step must be after the last used one,
   * recorded in the same statement, so a code replayed, or sent twice at once, passes once.
   */
  async verify(accountId: string, code: unknown, now: Date = new Date()): Promise<void> {
    const factor = await this.factors.find(accountId);
    if (!factor?.confirmed_at) throw invalidCode();
    const step = await this.matchStep(factor, code, now);
    if (!(await this.factors.useStep(factor.id, step, now))) throw invalidCode();
  }

  /**
   * Removes the factor and the recovery codes; false when the account had none. The factor goes
   * first: its row lock makes a concurrent regeneration wait, then find no factor.
   */
  remove(accountId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const removed = await this.factors.delete(manager, accountId);
      await this.recoveryCodes.deleteAll(accountId, manager);
      return removed;
    });
  }

  /**
   * Ten new recovery codes voiding the old ones, only for an account with a confirmed factor
   * (MFA_NOT_ENROLLED otherwise), which stays locked meanwhile so a removal cannot leave codes behind.
   */
  regenerateRecoveryCodes(accountId: string, now: Date = new Date()): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.factors.lockConfirmed(manager, accountId))) {
        throw new IdentityError('MFA_NOT_ENROLLED', 'the account has no confirmed authenticator; enrol one first');
      }
      return this.recoveryCodes.regenerate(accountId, now, manager);
    });
  }

  /** Whether a login of the account needs its second factor; on the login's transaction when given. */
  isEnrolled(accountId: string, on?: EntityManager): Promise<boolean> {
    return this.factors.hasConfirmed(on ?? this.dataSource, accountId);
  }

  async status(accountId: string): Promise<MfaStatus> {
    const factor = await this.factors.find(accountId);
    const totp = Boolean(factor?.confirmed_at);
    return { totp, recoveryCodesLeft: totp ? await this.recoveryCodes.left(accountId) : 0 };
  }

  private async matchStep(factor: FactorRow, code: unknown, now: Date): Promise<number> {
    if (typeof code !== 'string') throw invalidCode();
    const secret = this.secretOf(factor);
    const lastUsed = factor.last_used_step === null ? null : Number(factor.last_used_step);
    const step = await matchTotpStep(secret, code, now, lastUsed);
    if (step === undefined) throw invalidCode();
    return step;
  }

  private secretOf(factor: FactorRow): string {
    return this.vault.open(factor.secret_sealed, SEALED_PURPOSES.mfaFactor(factor.id)).toString('utf8');
  }
}

async function enrolmentView(secret: string, issuer: string, label: string): Promise<TotpEnrolment> {
  const otpauthUri = totpUri(secret, issuer, label);
  return { secret, otpauthUri, qrCodeSvg: await qrCodeString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M' }) };
}

const invalidCode = () => new IdentityError('INVALID_OTP', 'the code is wrong or already used', { field: 'code' });
