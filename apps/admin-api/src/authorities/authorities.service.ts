import { Injectable } from '@nestjs/common';
import { AccessControl, AuditLog, type Principal, type Target } from '@rapidauth/access';
import { AdminUserEntity, AuthorityEntity, OrganizationEntity, RoleEntity } from '@rapidauth/database';
import { AccessDeniedError } from '@rapidauth/oauth';
import { TenancyError } from '@rapidauth/tenancy';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { NotFoundError } from '../auth/management.guard';
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
    private readonly audit: AuditLog,
  ) {}

  async create(context: RequestContext, input: CreateAuthorityDto): Promise<AuthorityDto> {
    const target: Target = input.target.type === 'platform' ? { type: 'platform' } : { type: input.target.type, id: input.target.id };
    if (target.type !== 'platform' && !target.id) throw new TenancyError('NOT_FOUND', 'target.id is required for this target type', 'target.id');
    await this.requireOnTarget(context.principal, 'authorities:write', target);
    const role = await this.dataSource.manager.findOneBy(RoleEntity, { name: input.role });
    if (!role) throw new TenancyError('NOT_FOUND', `no role "${input.role}"`, 'role');
    await this.requirePrincipalExists(input.principal);
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
    await this.requireOnTarget(context.principal, 'authorities:write', targetOf(authority));
    await this.dataSource.manager.delete(AuthorityEntity, { id });
    await this.record(context, 'authority.delete', authority, { role: authority.role?.name });
  }

  private async requireOnTarget(principal: Principal, permission: string, target: Target): Promise<void> {
    if (await this.access.can(principal, permission, target)) return;
    if (target.type !== 'platform' && !(await this.access.can(principal, 'authorities:read', target))) throw new NotFoundError();
    throw new AccessDeniedError(`this needs the ${permission} permission`, { code: 'UNAUTHORIZED_CLIENT' });
  }

  private async requirePrincipalExists(principal: { type: string; id: string }): Promise<void> {
    const exists =
      principal.type === 'admin'
        ? /^[0-9a-f-]{36}$/i.test(principal.id) && (await this.dataSource.manager.countBy(AdminUserEntity, { id: principal.id })) === 1
        : (await this.dataSource.manager.countBy(OrganizationEntity, { clientId: principal.id })) === 1;
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
    principal: { type: authority.principalType as 'admin' | 'organization-client', id: authority.principalId },
    role,
    target: { type: authority.targetType, ...(authority.targetId && { id: authority.targetId }) },
    createdBy: authority.createdBy,
    createdAt: authority.createdAt,
  };
}
