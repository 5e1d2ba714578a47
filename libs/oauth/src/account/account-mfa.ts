import { Inject, Injectable, Optional } from '@nestjs/common';
import { IdentityError, IdentityMethods, TotpFactors, type TotpEnrolment } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { ConflictError, InvalidGrantError } from '../errors';
import type { AccountLogin } from './account-login';
import { ACCOUNT_MFA_AUDIT, type AccountMfaAudit, type MfaAccount, type MfaOrigin } from './account-mfa-audit';
import { AccountViewRepository } from './account-view.repository';

/**
 * The account owner's TOTP authenticator (RFC 6238; docs/gateway.md#second-factor-enrolment): enrol,
 * confirm with a first code (which hands out the recovery codes), remove, new recovery codes.
 * Secrets and codes are answered once and never logged; the lib's refusals become OAuth errors.
 * Enrolling and confirming come in two ways, the account's Bearer token or a sign-in's enrolment
 * challenge (docs/gateway.md#second-factor-at-login), and are audited alike through the app's port.
 */
@Injectable()
export class AccountMfa {
  private readonly rows: AccountViewRepository;

  constructor(
    dataSource: DataSource,
    private readonly totpFactors: TotpFactors,
    private readonly methods: IdentityMethods,
    @Optional() @Inject(ACCOUNT_MFA_AUDIT) private readonly audit?: AccountMfaAudit,
  ) {
    this.rows = new AccountViewRepository(dataSource);
  }

  /** A new secret, replacing an unconfirmed one; issued by the environment's `mfa.issuer`, else the app's name. */
  async enrol(account: MfaAccount, origin: MfaOrigin = {}, now = new Date()): Promise<TotpEnrolment> {
    const [issuer, label] = await this.namesOf(account);
    const enrolment = await asOAuthError(() => this.totpFactors.beginEnrolment({ id: account.accountId, environmentId: account.environmentId }, issuer, label, now));
    await this.audit?.record('user.mfa_enrol', account, origin);
    return enrolment;
  }

  /** The unconfirmed enrolment shown again to the sign-in that began it; undefined when there is none. */
  async pendingEnrolment(account: MfaAccount): Promise<TotpEnrolment | undefined> {
    const [issuer, label] = await this.namesOf(account);
    return this.totpFactors.pendingEnrolment(account.accountId, issuer, label);
  }

  async confirm(account: MfaAccount, code: string, origin: MfaOrigin = {}, now = new Date()): Promise<{ recoveryCodes: string[] }> {
    const confirmed = await asOAuthError(() => this.totpFactors.confirm(account.accountId, code, now));
    await this.audit?.record('user.mfa_confirm', account, origin);
    return confirmed;
  }

  /** True when there was a factor to remove. */
  remove(login: AccountLogin): Promise<boolean> {
    return this.totpFactors.remove(login.accountId);
  }

  async regenerateRecoveryCodes(login: AccountLogin, now = new Date()): Promise<{ recoveryCodes: string[] }> {
    return { recoveryCodes: await asOAuthError(() => this.totpFactors.regenerateRecoveryCodes(login.accountId, now)) };
  }

  private namesOf(account: MfaAccount): Promise<[string, string]> {
    return Promise.all([this.issuerOf(account.environmentId), this.labelOf(account)]);
  }

  private async issuerOf(environmentId: string): Promise<string> {
    const { mfa } = await this.methods.forEnvironment(environmentId);
    return mfa.issuer ?? (await this.rows.appName(environmentId)) ?? 'RapidAuth';
  }

  /** What names the account in the authenticator app: the login's email, username or provider uid. */
  private async labelOf(account: MfaAccount): Promise<string> {
    const current = (await this.rows.identities(account.accountId)).find((identity) => identity.id === account.identityId);
    return current?.email_normalized ?? current?.username_normalized ?? current?.provider_uid ?? account.accountId;
  }
}

/** The catalogue answers of the second factor's refusals (docs/gateway.md#errors). */
async function asOAuthError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    if (error.code === 'INVALID_OTP') throw new InvalidGrantError(error.message, { code: 'INVALID_OTP' });
    if (error.code === 'MFA_ALREADY_ENROLLED' || error.code === 'MFA_NOT_ENROLLED') throw new ConflictError(error.message, { code: error.code });
    throw error;
  }
}
