import { Injectable } from '@nestjs/common';
import { AdminUserEntity } from '@rapidauth/database';
import { checkPasswordStrength, hashPassword } from '@rapidauth/identity';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AdminError } from '../http/admin.errors';
import { listPage, type ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { AdminResource, AdminResources, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import { AdminPrivileges } from './admin-privileges';
import type { AdminDto, CreateAdminDto } from './admins.dto';
import { PlatformOwners } from './platform-owners';

/** Platform-level: their events belong to no organization. */
export const ADMIN_RESOURCE: ResourceKind<AdminUserEntity> = {
  entity: AdminUserEntity,
  name: 'admin',
  auditType: 'admin',
};

/** Admin users (platform-level). What they may do is given by authorities. */
@Injectable()
export class AdminsService {
  private readonly admins: AdminResource<AdminUserEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly privileges: AdminPrivileges,
    private readonly owners: PlatformOwners,
    resources: AdminResources,
  ) {
    this.admins = resources.of(ADMIN_RESOURCE);
  }

  async create(context: RequestContext, input: CreateAdminDto): Promise<AdminDto> {
    checkPasswordStrength(input.password);
    const manager = this.dataSource.manager;
    const admin = await manager
      .save(manager.create(AdminUserEntity, { username: input.username.toLowerCase(), email: input.email ?? null, passwordHash: await hashPassword(input.password) }))
      .catch((error: unknown) => {
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
          throw new AdminError('NAME_TAKEN', 'username is already taken', 'username');
        }
        throw error;
      });
    await this.admins.record(context, 'admin.create', admin, { username: admin.username });
    return toDto(admin);
  }

  async list(query: ListQueryDto): Promise<ListResponse<AdminDto>> {
    return listPage(this.dataSource.manager, AdminUserEntity, { sortBy: 'username' }, query, toDto);
  }

  async get(id: string): Promise<AdminDto> {
    return toDto(await this.admins.find(id));
  }

  /**
   * A disabled admin gets no management tokens, and the guard refuses those already issued. Only
   * over an admin holding nothing the caller lacks; never the last platform owner.
   */
  async setDisabled(context: RequestContext, id: string, disabled: boolean): Promise<AdminDto> {
    const admin = await this.admins.find(id);
    await this.privileges.requireOver(context.principal, id);
    const change = (manager: EntityManager) => manager.update(AdminUserEntity, { id }, { disabled });
    await (disabled ? this.owners.keepingAnOwner(change) : change(this.dataSource.manager));
    admin.disabled = disabled;
    await this.admins.record(context, disabled ? 'admin.disable' : 'admin.enable', admin, {});
    return toDto(admin);
  }
}

/** Explicit mapping: the password hash never leaves. */
function toDto(admin: AdminUserEntity): AdminDto {
  return { id: admin.id, username: admin.username, email: admin.email, disabled: admin.disabled, lastLoginAt: admin.lastLoginAt, createdAt: admin.createdAt };
}
