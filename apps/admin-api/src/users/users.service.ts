import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { AccountEntity, EnvironmentEntity, IdentityEntity, RefreshTokenFamilyEntity } from '@rapidauth/database';
import { LocalIdentities } from '@rapidauth/identity';
import { RefreshTokens } from '@rapidauth/oauth';
import { TenancyError } from '@rapidauth/tenancy';
import { DataSource, ILike, In, IsNull } from 'typeorm';
import type { ListResponse } from '../http/list-query.dto';
import { auditedBy, type RequestContext } from '../http/request-context';
import type { CreateUserDto, UserDto, UserSearchDto } from './users.dto';

/** An environment's accounts with their identities; `uid` is the account id. Password hashes never leave. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identities: LocalIdentities,
    private readonly refreshTokens: RefreshTokens,
    private readonly audit: AuditLog,
  ) {}

  async create(context: RequestContext, environmentId: string, input: CreateUserDto): Promise<UserDto> {
    const { accountId } = await this.identities.create(environmentId, input);
    await this.record(context, 'user.create', environmentId, accountId, { username: input.username.toLowerCase() });
    return this.get(accountId);
  }

  async list(environmentId: string, query: UserSearchDto): Promise<ListResponse<UserDto>> {
    const search = query.search?.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    const matching = search
      ? await this.dataSource.manager.find(IdentityEntity, {
          select: { accountId: true },
          where: [
            { environmentId, usernameNormalized: ILike(`${search}%`) },
            { environmentId, emailNormalized: ILike(`${search}%`) },
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
    return (await this.withIdentities([await this.find(uid)]))[0];
  }

  /** Disabling refuses sign-in at once and revokes the account's logins. */
  async setDisabled(context: RequestContext, uid: string, disabled: boolean): Promise<UserDto> {
    const account = await this.find(uid);
    await this.dataSource.manager.update(AccountEntity, { id: uid }, { disabled });
    if (disabled) await this.revokeLogins(uid, 'account_disabled');
    await this.record(context, disabled ? 'user.disable' : 'user.enable', account.environmentId, uid, {});
    return this.get(uid);
  }

  async delete(context: RequestContext, uid: string): Promise<void> {
    const account = await this.find(uid);
    await this.revokeLogins(uid, 'account_deleted');
    await this.dataSource.manager.delete(AccountEntity, { id: uid });
    await this.record(context, 'user.delete', account.environmentId, uid, {});
  }

  private async revokeLogins(accountId: string, reason: string): Promise<void> {
    const families = await this.dataSource.manager.find(RefreshTokenFamilyEntity, { select: { id: true }, where: { accountId, revokedAt: IsNull() } });
    for (const family of families) await this.refreshTokens.revokeFamily(family.id, reason);
  }

  private async find(uid: string): Promise<AccountEntity> {
    const account = await this.dataSource.manager.findOneBy(AccountEntity, { id: uid });
    if (!account) throw new TenancyError('NOT_FOUND', 'user not found');
    return account;
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

  private async record(context: RequestContext, action: string, environmentId: string, uid: string, details: Record<string, unknown>) {
    const environment = await this.dataSource.manager.findOne(EnvironmentEntity, { select: { id: true, organizationId: true }, where: { id: environmentId } });
    await this.audit.record({
      ...auditedBy(context),
      action,
      target: { type: 'user', id: uid },
      organizationId: environment?.organizationId,
      details: { ...details, environmentId },
    });
  }
}
