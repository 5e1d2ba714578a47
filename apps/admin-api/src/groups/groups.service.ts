import { Injectable } from '@nestjs/common';
import { AccessControl, type Target } from '@rapidauth/access';
import { AdminGroupEntity, AdminGroupMemberEntity, AdminUserEntity, AuthorityEntity, OrganizationEntity } from '@rapidauth/database';
import { NotFoundError } from '@rapidauth/oauth';
import { uniquelyNamed } from '@rapidauth/tenancy';
import { DataSource, In, IsNull, type FindOptionsWhere } from 'typeorm';
import { AdminPrivileges } from '../admins/admin-privileges';
import { ADMIN_RESOURCE } from '../admins/admins.service';
import { PlatformOwners } from '../admins/platform-owners';
import { PermissionCheck } from '../auth/permission-check';
import { AdminError } from '../http/admin.errors';
import { listPage, type ListResponse } from '../http/list-query.dto';
import { AdminResource, AdminResources, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import { ORGANIZATION_RESOURCE } from '../organizations/organizations.service';
import type { CreateGroupDto, GroupDto, GroupListQueryDto, GroupMemberDto, UpdateGroupDto } from './groups.dto';

const GROUP_RESOURCE: ResourceKind<AdminGroupEntity> = {
  entity: AdminGroupEntity,
  name: 'group',
  auditType: 'group',
  organizationOf: (group) => group.organizationId,
};

/** Admin groups: principals for authorities, held by their members. */
@Injectable()
export class GroupsService {
  private readonly groups: AdminResource<AdminGroupEntity>;
  private readonly organizations: AdminResource<OrganizationEntity>;
  private readonly admins: AdminResource<AdminUserEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly permissions: PermissionCheck,
    private readonly privileges: AdminPrivileges,
    private readonly owners: PlatformOwners,
    resources: AdminResources,
  ) {
    this.groups = resources.of(GROUP_RESOURCE);
    this.organizations = resources.of(ORGANIZATION_RESOURCE);
    this.admins = resources.of(ADMIN_RESOURCE);
  }

  async create(context: RequestContext, input: CreateGroupDto): Promise<GroupDto> {
    const organizationId = input.organizationId ?? null;
    const owner: Target = organizationId ? { type: 'organization', id: organizationId } : { type: 'platform' };
    if (organizationId) await this.organizations.find(organizationId, 'organizationId');
    await this.permissions.require(context.principal, 'groups:write', owner);
    // The unique index does not cover platform groups (NULL organization), so check those here.
    if (!organizationId && (await this.dataSource.manager.countBy(AdminGroupEntity, { organizationId: IsNull(), name: input.name })) > 0) {
      throw new AdminError('NAME_TAKEN', 'name is already taken', 'name');
    }
    const group = await uniquelyNamed('name', () =>
      this.dataSource.manager.save(
        this.dataSource.manager.create(AdminGroupEntity, {
          organizationId,
          name: input.name,
          description: input.description ?? null,
          createdBy: context.principal.id,
        }),
      ),
    );
    await this.groups.record(context, 'group.create', group, { name: group.name });
    return toDto(group);
  }

  /** One organization's groups, or every group the caller may read. */
  async list(context: RequestContext, query: GroupListQueryDto): Promise<ListResponse<GroupDto>> {
    let where: FindOptionsWhere<AdminGroupEntity> | FindOptionsWhere<AdminGroupEntity>[];
    if (query.organizationId) {
      await this.permissions.require(context.principal, 'groups:read', { type: 'organization', id: query.organizationId });
      where = { organizationId: query.organizationId };
    } else {
      const visible = await this.access.organizationsWith(context.principal, 'groups:read');
      where = visible === 'all' ? {} : { organizationId: In(visible) };
    }
    return listPage(this.dataSource.manager, AdminGroupEntity, { where, sortBy: 'name' }, query, toDto);
  }

  async get(id: string): Promise<GroupDto> {
    return toDto(await this.groups.find(id));
  }

  async update(context: RequestContext, id: string, input: UpdateGroupDto): Promise<GroupDto> {
    const group = await this.groups.find(id);
    if (input.description !== undefined) group.description = input.description;
    const saved = await this.dataSource.manager.save(group);
    await this.groups.record(context, 'group.update', saved, {});
    return toDto(saved);
  }

  /**
   * The group's authorities go with it (they name it by id, without a foreign key): only a caller
   * holding them may take them away from the members, and never from the last platform owner.
   */
  async delete(context: RequestContext, id: string): Promise<void> {
    const group = await this.groups.find(id);
    await this.privileges.requireHolds(context.principal, await this.access.groupAuthorities(id));
    await this.owners.keepingAnOwner(async (manager) => {
      await manager.delete(AuthorityEntity, { principalType: 'group', principalId: id });
      await manager.delete(AdminGroupEntity, { id });
    });
    await this.groups.record(context, 'group.delete', group, { name: group.name });
  }

  async members(id: string): Promise<GroupMemberDto[]> {
    await this.groups.find(id);
    const rows = await this.dataSource.manager.find(AdminGroupMemberEntity, {
      where: { groupId: id },
      relations: { admin: true },
      order: { createdAt: 'ASC' },
    });
    return rows.map((row) => ({ adminId: row.adminId, username: row.admin!.username, addedAt: row.createdAt }));
  }

  /** Membership hands out the group's authorities: the caller must hold them, and everything the admin holds. */
  async addMember(context: RequestContext, id: string, adminId: string): Promise<void> {
    const group = await this.groups.find(id);
    await this.admins.find(adminId, 'adminId');
    await this.privileges.requireOver(context.principal, adminId);
    await this.privileges.requireHolds(context.principal, await this.access.groupAuthorities(id));
    await this.dataSource.manager.upsert(AdminGroupMemberEntity, { groupId: id, adminId }, ['groupId', 'adminId']);
    await this.groups.record(context, 'group.member_add', group, { adminId });
  }

  /** Only over an admin holding nothing the caller lacks; never the last platform owner's ownership. */
  async removeMember(context: RequestContext, id: string, adminId: string): Promise<void> {
    const group = await this.groups.find(id);
    await this.privileges.requireOver(context.principal, adminId);
    await this.owners.keepingAnOwner(async (manager) => {
      const { affected } = await manager.delete(AdminGroupMemberEntity, { groupId: id, adminId });
      if (!affected) throw new NotFoundError('the admin is not a member of this group', { field: 'adminId' });
    });
    await this.groups.record(context, 'group.member_remove', group, { adminId });
  }
}

function toDto(group: AdminGroupEntity): GroupDto {
  return {
    id: group.id,
    organizationId: group.organizationId,
    name: group.name,
    description: group.description,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
  };
}
