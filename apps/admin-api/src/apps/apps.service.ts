import { Injectable } from '@nestjs/common';
import { AppEntity, EnvironmentEntity } from '@rapidauth/database';
import { NotFoundError, RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges, TenancyProvisioner } from '@rapidauth/tenancy';
import { DataSource } from 'typeorm';
import { listPage, type ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { changes } from '../http/changes';
import { AdminResource, AdminResources, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type { AppDto, CreateAppDto, UpdateAppDto } from './apps.dto';

const APP_RESOURCE: ResourceKind<AppEntity> = {
  entity: AppEntity,
  name: 'app',
  auditType: 'app',
  organizationOf: (app) => app.organizationId,
};

/** Apps of an organization. */
@Injectable()
export class AppsService {
  private readonly apps: AdminResource<AppEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly provisioner: TenancyProvisioner,
    private readonly refreshTokens: RefreshTokens,
    private readonly changes: TenancyChanges,
    resources: AdminResources,
  ) {
    this.apps = resources.of(APP_RESOURCE);
  }

  async create(context: RequestContext, organizationId: string, input: CreateAppDto): Promise<AppDto> {
    const app = await this.provisioner.createApp({ organizationId, ...input });
    await this.apps.record(context, 'app.create', app, { name: app.name });
    return toDto(app);
  }

  /** The guard checked apps:read on the organization, which covers every app in it. */
  async list(organizationId: string, query: ListQueryDto): Promise<ListResponse<AppDto>> {
    return listPage(this.dataSource.manager, AppEntity, { where: { organizationId }, sortBy: 'name' }, query, toDto);
  }

  async get(id: string): Promise<AppDto> {
    return toDto(await this.apps.find(id));
  }

  async update(context: RequestContext, id: string, input: UpdateAppDto): Promise<AppDto> {
    const app = await this.apps.find(id);
    if (input.defaultEnvironmentId !== undefined) {
      const environment = await this.dataSource.manager.findOneBy(EnvironmentEntity, { id: input.defaultEnvironmentId, appId: id });
      if (!environment) throw new NotFoundError('defaultEnvironmentId is not an environment of this app', { field: 'defaultEnvironmentId' });
    }
    const changed = changes(input);
    Object.assign(app, changed);
    const saved = await this.dataSource.manager.save(app);
    await this.apps.record(context, 'app.update', saved, { fields: Object.keys(changed) });
    return toDto(saved);
  }

  async delete(context: RequestContext, id: string, cascade: boolean): Promise<void> {
    const app = await this.apps.find(id);
    await this.apps.refuseDeleteWhileChildren(cascade, EnvironmentEntity, { appId: id }, 'environment');
    const revokedLogins = await this.refreshTokens.revokeAllBeneath({ appId: id }, 'app_deleted');
    await this.dataSource.manager.delete(AppEntity, { id });
    await this.changes.announce();
    await this.apps.record(context, 'app.delete', app, { cascade, revokedLogins });
  }
}

function toDto(app: AppEntity): AppDto {
  return {
    id: app.id,
    organizationId: app.organizationId,
    name: app.name,
    displayName: app.displayName,
    defaultEnvironmentId: app.defaultEnvironmentId,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
  };
}
