import { Injectable } from '@nestjs/common';
import { AuthServiceEntity, DataLinkEntity, EnvironmentEntity } from '@rapidauth/database';
import { NotFoundError } from '@rapidauth/oauth';
import { TenancyChanges, uniquelyNamed } from '@rapidauth/tenancy';
import { DataSource } from 'typeorm';
import { AdminResource, AdminResources, organizationOfEnvironment, type ResourceKind } from '../http/admin-resource';
import { changes } from '../http/changes';
import { listPage, type ListQueryDto, type ListResponse } from '../http/list-query.dto';
import type { RequestContext } from '../http/request-context';
import { TIMEOUT_RANGE, type CreateDataLinkDto, type DataLinkDto, type UpdateDataLinkDto } from './data-links.dto';

const DATA_LINK_RESOURCE: ResourceKind<DataLinkEntity> = {
  entity: DataLinkEntity,
  name: 'data link',
  auditType: 'data-link',
  organizationOf: (link, manager) => organizationOfEnvironment(manager, link.environmentId),
  auditDetails: (link) => ({ name: link.name, environmentId: link.environmentId }),
};

/**
 * Data links of an environment (docs/gateway.md#data-links). The gateways keep links in memory:
 * every change is announced (TenancyChanges), so it reaches every instance at once.
 */
@Injectable()
export class DataLinksService {
  private readonly links: AdminResource<DataLinkEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: TenancyChanges,
    resources: AdminResources,
  ) {
    this.links = resources.of(DATA_LINK_RESOURCE);
  }

  async create(context: RequestContext, environmentId: string, input: CreateDataLinkDto): Promise<DataLinkDto> {
    await this.checkServiceUsable(environmentId, input.authServiceId);
    const manager = this.dataSource.manager;
    const link = await uniquelyNamed('name', () =>
      manager.save(
        manager.create(DataLinkEntity, {
          environmentId,
          name: input.name,
          backendUrl: input.backendUrl,
          authServiceId: input.authServiceId,
          timeoutMs: input.timeoutMs ?? TIMEOUT_RANGE.default,
          enabled: input.enabled ?? true,
        }),
      ),
    );
    await this.changes.announce();
    await this.links.record(context, 'data_link.create', link, { backendUrl: link.backendUrl, authServiceId: link.authServiceId });
    return toDto(link);
  }

  async list(environmentId: string, query: ListQueryDto): Promise<ListResponse<DataLinkDto>> {
    return listPage(this.dataSource.manager, DataLinkEntity, { where: { environmentId }, sortBy: 'name' }, query, toDto);
  }

  async get(id: string): Promise<DataLinkDto> {
    return toDto(await this.links.find(id));
  }

  async update(context: RequestContext, id: string, input: UpdateDataLinkDto): Promise<DataLinkDto> {
    const link = await this.links.find(id);
    const changed = changes(input);
    if (changed.authServiceId !== undefined) await this.checkServiceUsable(link.environmentId, changed.authServiceId);
    Object.assign(link, changed);
    const saved = await uniquelyNamed('name', () => this.dataSource.manager.save(link));
    await this.changes.announce();
    await this.links.record(context, 'data_link.update', saved, { fields: Object.keys(changed) });
    return toDto(saved);
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    const link = await this.links.find(id);
    await this.dataSource.manager.delete(DataLinkEntity, { id });
    await this.changes.announce();
    await this.links.record(context, 'data_link.delete', link, {});
  }

  /** The environment's own services and its organization's shared ones; any other id is not there for it. */
  private async checkServiceUsable(environmentId: string, authServiceId: string): Promise<void> {
    const manager = this.dataSource.manager;
    const [environment, service] = await Promise.all([
      manager.findOne(EnvironmentEntity, { select: { id: true, organizationId: true }, where: { id: environmentId } }),
      manager.findOne(AuthServiceEntity, { select: { id: true, organizationId: true, environmentId: true }, where: { id: authServiceId } }),
    ]);
    const usable = environment && service?.organizationId === environment.organizationId && (service.environmentId ?? environmentId) === environmentId;
    if (!usable) throw new NotFoundError('no such auth service in this environment or its organization', { field: 'authServiceId' });
  }
}

function toDto(link: DataLinkEntity): DataLinkDto {
  return {
    id: link.id,
    environmentId: link.environmentId,
    name: link.name,
    backendUrl: link.backendUrl,
    authServiceId: link.authServiceId,
    timeoutMs: link.timeoutMs,
    enabled: link.enabled,
    createdAt: link.createdAt,
    updatedAt: link.updatedAt,
  };
}
