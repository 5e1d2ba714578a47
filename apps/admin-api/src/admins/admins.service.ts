import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { AdminUserEntity } from '@rapidauth/database';
import { checkPasswordStrength, hashPassword } from '@rapidauth/identity';
import { TenancyError } from '@rapidauth/tenancy';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { listPage, type ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { auditedBy, type RequestContext } from '../http/request-context';
import { AdminPrivileges } from './admin-privileges';
import type { AdminDto, CreateAdminDto } from './admins.dto';
import { PlatformOwners } from './platform-owners';

/** Admin users (platform-level). What they may do is given by authorities. */
@Injectable()
export class AdminsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly privileges: AdminPrivileges,
    private readonly owners: PlatformOwners,
  ) {}

  async create(context: RequestContext, input: CreateAdminDto): Promise<AdminDto> {
    checkPasswordStrength(input.password);
    const manager = this.dataSource.manager;
    const admin = await manager
      .save(manager.create(AdminUserEntity, { username: input.username.toLowerCase(), email: input.email ?? null, passwordHash: await hashPassword(input.password) }))
      .catch((error: unknown) => {
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
          throw new TenancyError('NAME_TAKEN', 'username is already taken', 'username');
        }
        throw error;
      });
    await this.record(context, 'admin.create', admin, { username: admin.username });
    return toDto(admin);
  }

  async list(query: ListQueryDto): Promise<ListResponse<AdminDto>> {
    return listPage(this.dataSource.manager, AdminUserEntity, { sortBy: 'username' }, query, toDto);
  }

  async get(id: string): Promise<AdminDto> {
    return toDto(await this.find(id));
  }

  /**
   * A disabled admin gets no management tokens, and the guard refuses those already issued. Only
   * over an admin holding nothing the caller lacks; never the last platform owner.
   */
  async setDisabled(context: RequestContext, id: string, disabled: boolean): Promise<AdminDto> {
    const admin = await this.find(id);
    await this.privileges.requireOver(context.principal, id);
    const change = (manager: EntityManager) => manager.update(AdminUserEntity, { id }, { disabled });
    await (disabled ? this.owners.keepingAnOwner(change) : change(this.dataSource.manager));
    admin.disabled = disabled;
    await this.record(context, disabled ? 'admin.disable' : 'admin.enable', admin, {});
    return toDto(admin);
  }

  private async find(id: string): Promise<AdminUserEntity> {
    const admin = await this.dataSource.manager.findOneBy(AdminUserEntity, { id });
    if (!admin) throw new TenancyError('NOT_FOUND', 'admin not found');
    return admin;
  }

  private record(context: RequestContext, action: string, admin: AdminUserEntity, details: Record<string, unknown>) {
    return this.audit.record({ ...auditedBy(context), action, target: { type: 'admin', id: admin.id }, details });
  }
}

/** Explicit mapping: the password hash never leaves. */
function toDto(admin: AdminUserEntity): AdminDto {
  return { id: admin.id, username: admin.username, email: admin.email, disabled: admin.disabled, lastLoginAt: admin.lastLoginAt, createdAt: admin.createdAt };
}
