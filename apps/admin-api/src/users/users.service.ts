import { Injectable } from '@nestjs/common';
import { AccountEntity, IdentityEntity, RefreshTokenFamilyEntity } from '@rapidauth/database';
import { LocalIdentities, TotpFactors } from '@rapidauth/identity';
import { AccountRemoval, RefreshTokens } from '@rapidauth/oauth';
import { DataSource, ILike, In, IsNull } from 'typeorm';
import { prefixPattern, type ListResponse } from '../http/list-query.dto';
import { AdminResource, AdminResources, organizationOfEnvironment, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type { CreateUserDto, UserDto, UserSearchDto } from './users.dto';

const USER_RESOURCE: ResourceKind<AccountEntity> = {
  entity: AccountEntity,
  name: 'user',
  auditType: 'user',
  organizationOf: (account, manager) => organizationOfEnvironment(manager, account.environmentId),
  auditDetails: (account) => ({ environmentId: account.environmentId }),
};

/** An environment's accounts with their identities; `uid` is the account id. Password hashes never leave. */
@Injectable()
export class UsersService {
  private readonly users: AdminResource<AccountEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly identities: LocalIdentities,
    private readonly refreshTokens: RefreshTokens,
    private readonly totpFactors: TotpFactors,
    private readonly removal: AccountRemoval,
    resources: AdminResources,
  ) {
    this.users = resources.of(USER_RESOURCE);
  }

  async create(context: RequestContext, environmentId: string, input: CreateUserDto): Promise<UserDto> {
    const { accountId } = await this.identities.create(environmentId, input);
    const account = await this.users.find(accountId);
    await this.users.record(context, 'user.create', account, { username: input.username.toLowerCase() });
    return (await this.withIdentities([account]))[0];
  }

  async list(environmentId: string, query: UserSearchDto): Promise<ListResponse<UserDto>> {
    const search = query.search === undefined ? undefined : prefixPattern(query.search);
    const matching = search
      ? await this.dataSource.manager.find(IdentityEntity, {
          select: { accountId: true },
          where: [
            { environmentId, usernameNormalized: ILike(search) },
            { environmentId, emailNormalized: ILike(search) },
          ],
        })
      : undefined;
    const where = { environmentId, ...(matching && { id: In([...new Set(matching.map((m) => m.accountId))]) }) };
    const [accounts, total] = await this.dataSource.manager.findAndCount(AccountEntity, {
      where,
      order: { createdAt: query.order === 'desc' ? 'DESC' : 'ASC' },
      take: query.limit,
      skip: query.skip,
    });
    return { total, limit: query.limit, skip: query.skip, rows: await this.withIdentities(accounts) };
  }

  async get(uid: string): Promise<UserDto> {
    return (await this.withIdentities([await this.users.find(uid)]))[0];
  }

  /** Disabling refuses sign-in at once and revokes the account's logins. */
  async setDisabled(context: RequestContext, uid: string, disabled: boolean): Promise<UserDto> {
    const account = await this.users.find(uid);
    await this.dataSource.manager.update(AccountEntity, { id: uid }, { disabled });
    if (disabled) await this.revokeLogins(uid, 'account_disabled');
    await this.users.record(context, disabled ? 'user.disable' : 'user.enable', account, {});
    return this.get(uid);
  }

  /** For a user who lost the authenticator and the recovery codes: they sign in with the first factor and enrol again. */
  async resetMfa(context: RequestContext, uid: string): Promise<void> {
    const account = await this.users.find(uid);
    const removed = await this.totpFactors.remove(uid);
    await this.users.record(context, 'user.mfa_reset', account, { removed });
  }

  async delete(context: RequestContext, uid: string): Promise<void> {
    const account = await this.users.find(uid);
    await this.removal.removeAccount({ accountId: uid });
    await this.users.record(context, 'user.delete', account, {});
  }

  /** Removes one identity and revokes its logins on every instance; the account's last identity takes the account with it. */
  async deleteIdentity(context: RequestContext, uid: string, identityId: string): Promise<void> {
    const account = await this.users.find(uid);
    const removed = await this.removal.removeIdentity({ accountId: uid, identityId, identityField: 'identityId' });
    await this.users.record(context, 'user.identity_delete', account, { identityId, ...removed });
  }

  private async revokeLogins(accountId: string, reason: string): Promise<void> {
    const families = await this.dataSource.manager.find(RefreshTokenFamilyEntity, { select: { id: true }, where: { accountId, revokedAt: IsNull() } });
    for (const family of families) await this.refreshTokens.revokeFamily(family.id, reason);
  }

  /** Explicit mapping: password hashes and provider profiles stay in the database. */
  private async withIdentities(accounts: AccountEntity[]): Promise<UserDto[]> {
    const identities = accounts.length
      ? await this.dataSource.manager.find(IdentityEntity, { where: { accountId: In(accounts.map((a) => a.id)) }, order: { createdAt: 'ASC' } })
      : [];
    return accounts.map((account) => ({
      uid: account.id,
      environmentId: account.environmentId,
      disabled: account.disabled,
      lastLoginAt: account.lastLoginAt,
      createdAt: account.createdAt,
      identities: identities
        .filter((identity) => identity.accountId === account.id)
        .map((identity) => ({
          id: identity.id,
          provider: identity.provider,
          providerUid: identity.providerUid,
          username: identity.usernameNormalized,
          email: identity.emailNormalized,
          emailVerified: identity.emailVerified,
          lastLoginAt: identity.lastLoginAt,
        })),
    }));
  }
}
