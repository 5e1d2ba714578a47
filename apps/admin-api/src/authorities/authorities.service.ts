import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AccessControl, type EffectiveAuthority, type Principal, type Target } from '@rapidauth/access';
import { AdminGroupEntity, AdminUserEntity, AuthorityEntity, OrganizationEntity, RoleEntity } from '@rapidauth/database';
import { InvalidRequestError, NotFoundError } from '@rapidauth/oauth';
import { DataSource } from 'typeorm';
import { AdminPrivileges } from '../admins/admin-privileges';
import { PlatformOwners } from '../admins/platform-owners';
import { PermissionCheck } from '../auth/permission-check';
import type { ListResponse } from '../http/list-query.dto';
import { AdminResource, AdminResources, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type { AuthorityDto, AuthorityQueryDto, CreateAuthorityDto } from './authorities.dto';
import { whereReadable } from './readable-authorities';

/** Its events belong to the organization it is on, if any. */
const AUTHORITY_RESOURCE: ResourceKind<AuthorityEntity> = {
  entity: AuthorityEntity,
  name: 'authority',
  auditType: 'authority',
  organizationOf: (authority) => (authority.targetType === 'organization' ? authority.targetId : null),
};

/**
 * Authorities: a principal gets a role over a target. Granting or removing one needs
 * `authorities:write` on its target (owners have it; the admin role does not), checked here
 * because the target comes from the body.
 */
@Injectable()
export class AuthoritiesService {
  private readonly authorities: AdminResource<AuthorityEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly permissions: PermissionCheck,
    private readonly privileges: AdminPrivileges,
    private readonly owners: PlatformOwners,
    resources: AdminResources,
  ) {
    this.authorities = resources.of(AUTHORITY_RESOURCE);
  }

  async create(context: RequestContext, input: CreateAuthorityDto): Promise<AuthorityDto> {
    const target: Target = input.target.type === 'platform' ? { type: 'platform' } : { type: input.target.type, id: input.target.id };
    if (target.type !== 'platform' && !target.id) throw new NotFoundError('target.id is required for this target type', { field: 'target.id' });
    await this.permissions.require(context.principal, 'authorities:write', target);
    const role = await this.dataSource.manager.findOneBy(RoleEntity, { name: input.role });
    if (!role) throw new NotFoundError(`no such role: ${input.role}`, { field: 'role' });
    await this.requirePrincipal(input.principal, target);
    await this.requireMayChange(context.principal, input.principal, { roleName: role.name, permissions: role.permissions, targetType: target.type, targetId: target.id ?? null });
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
    await this.authorities.record(context, 'authority.create', authority, { role: role.name, principal: input.principal, target });
    return toDto(authority, role.name);
  }

  /** By principal or by target; only authorities on targets the caller may read are listed (filtered and paged in SQL). */
  async list(principal: Principal, query: AuthorityQueryDto): Promise<ListResponse<AuthorityDto>> {
    const select = this.dataSource.manager.createQueryBuilder(AuthorityEntity, 'authority').innerJoinAndSelect('authority.role', 'role').where('1 = 1');
    if (query.principalType) select.andWhere('authority.principal_type = :principalType', { principalType: query.principalType });
    if (query.principalId) select.andWhere('authority.principal_id = :principalId', { principalId: query.principalId });
    if (query.targetType) select.andWhere('authority.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) select.andWhere('authority.target_id = :targetId', { targetId: query.targetId });
    const [rows, total] = await whereReadable(select, await this.access.targetsWith(principal, 'authorities:read'))
      .orderBy('authority.createdAt', query.order === 'desc' ? 'DESC' : 'ASC')
      .addOrderBy('authority.id', 'ASC')
      .offset(query.skip)
      .limit(query.limit)
      .getManyAndCount();
    return { total, limit: query.limit, skip: query.skip, rows: rows.map((row) => toDto(row, row.role!.name)) };
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    const authority = await this.dataSource.manager.findOne(AuthorityEntity, { where: { id }, relations: { role: true } });
    if (!authority) throw new NotFoundError();
    await this.permissions.require(context.principal, 'authorities:write', targetOf(authority));
    const role = authority.role!;
    const removed = { roleName: role.name, permissions: role.permissions, targetType: authority.targetType, targetId: authority.targetId };
    await this.requireMayChange(context.principal, { type: authority.principalType, id: authority.principalId }, removed);
    await this.owners.keepingAnOwner((manager) => manager.delete(AuthorityEntity, { id }));
    await this.authorities.record(context, 'authority.delete', authority, { role: authority.role?.name });
  }

  /** Only authorities the caller holds, and for an admin holding nothing the caller lacks. */
  private async requireMayChange(caller: Principal, principal: { type: string; id: string }, authority: EffectiveAuthority): Promise<void> {
    await this.privileges.requireHolds(caller, [authority]);
    if (principal.type === 'admin') await this.privileges.requireOver(caller, principal.id);
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
      if (!group) throw new NotFoundError('principal not found', { field: 'principal.id' });
      const inside = group.organizationId === null || (target.type !== 'platform' && (await this.access.isBeneath(target, group.organizationId)));
      if (!inside) throw new InvalidRequestError("a group only gets authorities inside its own organization", { field: 'target' });
      return;
    }
    const exists =
      principal.type === 'admin'
        ? uuid && (await manager.countBy(AdminUserEntity, { id: principal.id })) === 1
        : (await manager.countBy(OrganizationEntity, { clientId: principal.id })) === 1;
    if (!exists) throw new NotFoundError('principal not found', { field: 'principal.id' });
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
