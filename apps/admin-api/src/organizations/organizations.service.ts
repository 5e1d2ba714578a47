import { Injectable } from '@nestjs/common';
import { AccessControl, type Principal } from '@rapidauth/access';
import { AppEntity, AuthorityEntity, OrganizationEntity, RoleEntity } from '@rapidauth/database';
import { RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges, TenancyProvisioner } from '@rapidauth/tenancy';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource, ILike, In } from 'typeorm';
import { listPage, prefixPattern, type ListResponse } from '../http/list-query.dto';
import { changes } from '../http/changes';
import { AdminResource, AdminResources, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type { CreateOrganizationDto, OrganizationDto, OrganizationSearchDto, OrganizationWithSecretDto, UpdateOrganizationDto } from './organizations.dto';

export const ORGANIZATION_RESOURCE: ResourceKind<OrganizationEntity> = {
  entity: OrganizationEntity,
  name: 'organization',
  auditType: 'organization',
  organizationOf: (organization) => organization.id,
};

/** Organizations: the top of the tenancy tree. Secrets are returned once; every write is audited. */
@Injectable()
export class OrganizationsService {
  private readonly organizations: AdminResource<OrganizationEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly provisioner: TenancyProvisioner,
    private readonly hasher: SecretHasher,
    private readonly access: AccessControl,
    private readonly refreshTokens: RefreshTokens,
    private readonly changes: TenancyChanges,
    resources: AdminResources,
  ) {
    this.organizations = resources.of(ORGANIZATION_RESOURCE);
  }

  async create(context: RequestContext, input: CreateOrganizationDto): Promise<OrganizationWithSecretDto> {
    const { organization, clientSecret } = await this.provisioner.createOrganization(input);
    // Whoever creates an organization owns it.
    if (context.principal.type === 'admin') {
      const owner = await this.dataSource.manager.findOneByOrFail(RoleEntity, { name: 'owner', builtIn: true });
      await this.dataSource.manager.insert(AuthorityEntity, {
        principalType: 'admin',
        principalId: context.principal.id,
        roleId: owner.id,
        targetType: 'organization',
        targetId: organization.id,
        createdBy: context.principal.id,
      });
    }
    await this.organizations.record(context, 'organization.create', organization, { name: organization.name });
    return { ...toDto(organization), clientSecret };
  }

  async list(principal: Principal, query: OrganizationSearchDto): Promise<ListResponse<OrganizationDto>> {
    const visible = await this.access.organizationsWith(principal, 'organizations:read');
    const readable = visible === 'all' ? {} : { id: In(visible) };
    const search = query.search === undefined ? undefined : prefixPattern(query.search);
    const where = search ? [{ ...readable, name: ILike(search) }, { ...readable, displayName: ILike(search) }] : readable;
    return listPage(this.dataSource.manager, OrganizationEntity, { where, sortBy: 'name' }, query, toDto);
  }

  async get(id: string): Promise<OrganizationDto> {
    return toDto(await this.organizations.find(id));
  }

  async update(context: RequestContext, id: string, input: UpdateOrganizationDto): Promise<OrganizationDto> {
    const organization = await this.organizations.find(id);
    const changed = changes(input);
    Object.assign(organization, changed);
    const saved = await this.dataSource.manager.save(organization);
    await this.changes.announce();
    await this.organizations.record(context, 'organization.update', saved, { fields: Object.keys(changed) });
    return toDto(saved);
  }

  async rotateSecret(context: RequestContext, id: string): Promise<OrganizationWithSecretDto> {
    const organization = await this.organizations.find(id);
    const clientSecret = SecretHasher.generate();
    organization.clientSecretHash = this.hasher.hash(clientSecret);
    // Whole seconds, as token `iat`: a token issued in this very second stays valid.
    organization.clientSecretRotatedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const saved = await this.dataSource.manager.save(organization);
    await this.changes.announce();
    await this.organizations.record(context, 'organization.rotate_secret', saved, {});
    return { ...toDto(saved), clientSecret };
  }

  /**
   * Refused while the organization has apps, unless `cascade`; revokes every login beneath it
   * first. Audit events are kept (they reference ids, not rows).
   */
  async delete(context: RequestContext, id: string, cascade: boolean): Promise<void> {
    const organization = await this.organizations.find(id);
    await this.organizations.refuseDeleteWhileChildren(cascade, AppEntity, { organizationId: id }, 'app');
    const revokedLogins = await this.refreshTokens.revokeAllBeneath({ organizationId: id }, 'organization_deleted');
    await this.dataSource.manager.delete(AuthorityEntity, { targetType: 'organization', targetId: id });
    await this.dataSource.manager.delete(OrganizationEntity, { id });
    await this.changes.announce();
    await this.organizations.record(context, 'organization.delete', organization, { cascade, revokedLogins });
  }
}

/** Explicit mapping: the secret's hash never leaves the service. */
function toDto(organization: OrganizationEntity): OrganizationDto {
  return {
    id: organization.id,
    name: organization.name,
    displayName: organization.displayName,
    clientId: organization.clientId,
    enabled: organization.enabled,
    createdAt: organization.createdAt,
    updatedAt: organization.updatedAt,
  };
}
