import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { InvalidTokenError, NotFoundError } from '../errors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { AccountLoginRepository } from './account-login.repository';
import { AccountRemovalRepository } from './account-removal.repository';

export interface RemovalRequest {
  readonly accountId: string;
  /**
   * Self-service: the login asking. Checked again once the account is locked, so a login that a
   * concurrent removal revoked cannot go on to remove more (401 invalid_token).
   */
  readonly login?: { readonly familyId: string };
  readonly now?: Date;
}

export interface IdentityRemoval {
  readonly provider: string;
  /** The identity was the account's last: the account went with it. */
  readonly accountRemoved: boolean;
}

/**
 * Removes identities and accounts, for their owners (docs/gateway.md#account-self-service) and for
 * admins alike. Each removal locks the account and works in one transaction: concurrent removals
 * queue, none removes what another already did, and an account never outlives its last identity.
 * What is removed loses its logins: their families are revoked on every instance (their access
 * tokens stop introspecting at once) before the rows go.
 */
@Injectable()
export class AccountRemoval {
  private readonly rows = new AccountRemovalRepository();
  private readonly logins = new AccountLoginRepository();

  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  /** NOT_FOUND (naming `identityField`) when the identity is not the account's. */
  removeIdentity(request: RemovalRequest & { readonly identityId: string; readonly identityField: string }): Promise<IdentityRemoval> {
    const now = request.now ?? new Date();
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, request);
      const identity = await this.rows.identity(manager, request.accountId, request.identityId);
      if (!identity) throw new NotFoundError('identity not found', { field: request.identityField });
      const accountRemoved = (await this.rows.countIdentities(manager, request.accountId)) === 1;
      if (accountRemoved) {
        await this.revoke(manager, await this.rows.liveFamilies(manager, request.accountId), 'account_deleted', now);
        await this.rows.deleteAccount(manager, request.accountId);
      } else {
        await this.revoke(manager, await this.rows.liveFamilies(manager, request.accountId, request.identityId), 'identity_deleted', now);
        await this.rows.deleteIdentity(manager, request.accountId, request.identityId);
      }
      return { provider: identity.provider, accountRemoved };
    });
  }

  removeAccount(request: RemovalRequest): Promise<void> {
    const now = request.now ?? new Date();
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, request);
      await this.revoke(manager, await this.rows.liveFamilies(manager, request.accountId), 'account_deleted', now);
      await this.rows.deleteAccount(manager, request.accountId);
    });
  }

  /** The account locked, and the asking login still live; NOT_FOUND for an admin when the account is gone. */
  private async lock(manager: EntityManager, request: RemovalRequest): Promise<void> {
    const locked = await this.rows.lockAccount(manager, request.accountId);
    if (request.login) {
      const row = locked ? await this.logins.find(manager, request.login.familyId, request.accountId) : undefined;
      if (!row || row.revoked_at || row.disabled) throw new InvalidTokenError(undefined, { detail: 'login revoked or account removed meanwhile' });
    } else if (!locked) {
      throw new NotFoundError('user not found');
    }
  }

  private async revoke(manager: EntityManager, familyIds: readonly string[], reason: string, now: Date): Promise<void> {
    for (const familyId of familyIds) await this.refreshTokens.revokeFamily(familyId, reason, now, manager);
  }
}
