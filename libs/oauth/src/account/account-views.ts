import { Injectable } from '@nestjs/common';
import { TotpFactors, type MfaStatus } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { InvalidTokenError } from '../errors';
import type { AccountLogin } from './account-login';
import { AccountViewRepository, type IdentityRow } from './account-view.repository';

/** One identity of the account as its owner sees it; times in seconds since the epoch, as in the `auth` object. */
export interface IdentityView {
  readonly id: string;
  readonly provider: string;
  readonly providerUid: string;
  readonly createdAt: number;
  readonly emailVerified: boolean;
  /** The identity the token's login signed in with. */
  readonly current: boolean;
}

/** `GET /v3/auth/account` (docs/gateway.md#account-self-service): no hash, secret or profile leaves. */
export interface AccountView {
  readonly uid: string;
  readonly createdAt: number;
  /** When a temporary account is deleted; null for accounts that do not expire. */
  readonly expiresAt: number | null;
  readonly identities: readonly IdentityView[];
  readonly mfa: MfaStatus;
}

/** The account of a login, mapped field by field. */
@Injectable()
export class AccountViews {
  private readonly rows: AccountViewRepository;

  constructor(
    dataSource: DataSource,
    private readonly totpFactors: TotpFactors,
  ) {
    this.rows = new AccountViewRepository(dataSource);
  }

  async of(login: AccountLogin): Promise<AccountView> {
    const [account, identities, mfa] = await Promise.all([this.rows.account(login.accountId), this.rows.identities(login.accountId), this.totpFactors.status(login.accountId)]);
    // Removed between the token check and now.
    if (!account) throw new InvalidTokenError(undefined, { detail: 'account gone' });
    return {
      uid: account.id,
      createdAt: seconds(account.created_at),
      expiresAt: account.expires_at === null ? null : seconds(account.expires_at),
      identities: identities.map((identity) => identityView(identity, login.identityId)),
      mfa,
    };
  }
}

function identityView(row: IdentityRow, currentId: string | null): IdentityView {
  return {
    id: row.id,
    provider: row.provider,
    providerUid: row.provider_uid,
    createdAt: seconds(row.created_at),
    emailVerified: row.email_verified,
    current: row.id === currentId,
  };
}

const seconds = (date: Date | string) => Math.floor(new Date(date).getTime() / 1000);
