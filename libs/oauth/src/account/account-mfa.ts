import { Injectable } from '@nestjs/common';
import { IdentityError, IdentityMethods, TotpFactors, type TotpEnrolment } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { ConflictError, InvalidGrantError } from '../errors';
import type { AccountLogin } from './account-login';
import { AccountViewRepository } from './account-view.repository';

/**
 * The account owner's TOTP authenticator (RFC 6238; docs/gateway.md#second-factor-enrolment): enrol,
 * confirm with a first code (which hands out the recovery codes), remove, new recovery codes.
 * Secrets and codes are answered once and never logged; the lib's refusals become OAuth errors.
 */
@Injectable()
export class AccountMfa {
  private readonly rows: AccountViewRepository;

  constructor(
    dataSource: DataSource,
    private readonly totpFactors: TotpFactors,
    private readonly methods: IdentityMethods,
  ) {
    this.rows = new AccountViewRepository(dataSource);
  }

  /** A new secret, replacing an unconfirmed one; issued by the environment's `mfa.issuer`, else the app's name. */
  async enrol(login: AccountLogin, now = new Date()): Promise<TotpEnrolment> {
    const [issuer, label] = await Promise.all([this.issuerOf(login.environmentId), this.labelOf(login)]);
    return asOAuthError(() => this.totpFactors.beginEnrolment({ id: login.accountId, environmentId: login.environmentId }, issuer, label, now));
  }

  confirm(login: AccountLogin, code: string, now = new Date()): Promise<{ recoveryCodes: string[] }> {
    return asOAuthError(() => this.totpFactors.confirm(login.accountId, code, now));
  }

  /** True when there was a factor to remove. */
  remove(login: AccountLogin): Promise<boolean> {
    return this.totpFactors.remove(login.accountId);
  }

  async regenerateRecoveryCodes(login: AccountLogin, now = new Date()): Promise<{ recoveryCodes: string[] }> {
    return { recoveryCodes: await asOAuthError(() => this.totpFactors.regenerateRecoveryCodes(login.accountId, now)) };
  }

  private async issuerOf(environmentId: string): Promise<string> {
    const { mfa } = await this.methods.forEnvironment(environmentId);
    return mfa.issuer ?? (await this.rows.appName(environmentId)) ?? 'RapidAuth';
  }

  /** What names the account in the authenticator app: the login's email, username or provider uid. */
  private async labelOf(login: AccountLogin): Promise<string> {
    const current = (await this.rows.identities(login.accountId)).find((identity) => identity.id === login.identityId);
    return current?.email_normalized ?? current?.username_normalized ?? current?.provider_uid ?? login.accountId;
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
