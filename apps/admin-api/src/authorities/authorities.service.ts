import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AccessControl, AuditLog, type Principal, type Target } from '@rapidauth/access';
import { AdminGroupEntity, AdminUserEntity, AuthorityEntity, OrganizationEntity, RoleEntity } from '@rapidauth/database';
import { TenancyError } from '@rapidauth/tenancy';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { NotFoundError, PermissionCheck } from '../auth/permission-check';
import type { ListResponse } from '../http/list-query.dto';
import { auditedBy, type RequestContext } from '../http/request-context';
import type { AuthorityDto, AuthorityQueryDto, CreateAuthorityDto } from './authorities.dto';

/**
 * Authorities: a principal gets a role over a target. Granting or removing one needs
 * `authorities:write` on its target (owners have it; the admin role does not), checked here
 * because the target comes from the body.
 */
@Injectable()
export class AuthoritiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly permissions: PermissionCheck,
    private readonly audit: AuditLog,
  ) {}

  async create(context: RequestContext, input: CreateAuthorityDto): Promise<AuthorityDto> {
    const target: Target = input.target.type === 'platform' ? { type: 'platform' } : { type: input.target.type, id: input.target.id };
    if (target.type !== 'platform' && !target.id) throw new TenancyError('NOT_FOUND', 'target.id is required for this target type', 'target.id');
    await this.permissions.require(context.principal, 'authorities:write', target);
    const role = await this.dataSource.manager.findOneBy(RoleEntity, { name: input.role });
    if (!role) throw new TenancyError('NOT_FOUND', `no role "${input.role}"`, 'role');
    await this.requirePrincipal(input.principal, target);
    const authority = await this.dataSource.manager.save(
      this.dataSource.manager.create(AuthorityEntity, {
        principalType: input.principal.type,
        principalId: input.principal.id,
        roleId: role.id,
        targetType: target.type,
        targetId: target.id ?? null,
        createdBy: context.principal.id,
      }),
    );
    await this.record(context, 'authority.create', authority, { role: role.name, principal: input.principal, target });
    return toDto(authority, role.name);
  }

  /** By principal or by target; only authorities on targets the caller may read are listed. */
  async list(principal: Principal, query: AuthorityQueryDto): Promise<ListResponse<AuthorityDto>> {
    const where: FindOptionsWhere<AuthorityEntity> = {
      ...(query.principalType && { principalType: query.principalType as AuthorityEntity['principalType'] }),
      ...(query.principalId && { principalId: query.principalId }),
      ...(query.targetType && { targetType: query.targetType }),
      ...(query.targetId && { targetId: query.targetId }),
    };
    const rows = await this.dataSource.manager.find(AuthorityEntity, { where, relations: { role: true }, order: { createdAt: 'ASC' } });
    const visible: AuthorityDto[] = [];
    for (const row of rows) {
      if (await this.access.can(principal, 'authorities:read', targetOf(row))) visible.push(toDto(row, row.role!.name));
    }
    return { total: visible.length, limit: query.limit, skip: query.skip, rows: visible.slice(query.skip, query.skip + query.limit) };
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    const authority = await this.dataSource.manager.findOne(AuthorityEntity, { where: { id }, relations: { role: true } });
    if (!authority) throw new NotFoundError();
    await this.permissions.require(context.principal, 'authorities:write', targetOf(authority));
    await this.dataSource.manager.delete(AuthorityEntity, { id });
    await this.record(context, 'authority.delete', authority, { role: authority.role?.name });
  }

  /**
   * The principal must exist; a group of an organization only gets authorities inside that
   * organization, since that organization's owners decide who its members are.
   */
  private async requirePrincipal(principal: { type: string; id: string }, target: Target): Promise<void> {
    const manager = this.dataSource.manager;
    const uuid = isUUID(principal.id);
    if (principal.type === 'group') {
      const group = uuid ? await manager.findOneBy(AdminGroupEntity, { id: principal.id }) : null;
      if (!group) throw new TenancyError('NOT_FOUND', 'principal not found', 'principal.id');
      const inside = group.organizationId === null || (target.type !== 'platform' && (await this.access.isBeneath(target, group.organizationId)));
      if (!inside) throw new TenancyError('INVALID_CLIENT_SETTINGS', "a group only gets authorities inside its own organization", 'target');
      return;
    }
    const exists =
      principal.type === 'admin'
        ? uuid && (await manager.countBy(AdminUserEntity, { id: principal.id })) === 1
        : (await manager.countBy(OrganizationEntity, { clientId: principal.id })) === 1;
    if (!exists) throw new TenancyError('NOT_FOUND', 'principal not found', 'principal.id');
  }

  private record(context: RequestContext, action: string, authority: AuthorityEntity, details: Record<string, unknown>) {
    return this.audit.record({
      ...auditedBy(context),
      action,
      target: { type: 'authority', id: authority.id },
      organizationId: authority.targetType === 'organization' ? authority.targetId : null,
      details,
    });
  }
}

function targetOf(authority: AuthorityEntity): Target {
  return authority.targetType === 'platform' ? { type: 'platform' } : { type: authority.targetType, id: authority.targetId! };
}

function toDto(authority: AuthorityEntity, role: string): AuthorityDto {
  return {
    id: authority.id,
    principal: { type: authority.principalType, id: authority.principalId },
    role,
    target: { type: authority.targetType, ...(authority.targetId && { id: authority.targetId }) },
    createdBy: authority.createdBy,
    createdAt: authority.createdAt,
  };
}
