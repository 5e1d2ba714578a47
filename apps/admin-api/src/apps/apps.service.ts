import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { AppEntity, EnvironmentEntity } from '@rapidauth/database';
import { RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges, TenancyError, TenancyProvisioner } from '@rapidauth/tenancy';
import { DataSource } from 'typeorm';
import { listPage, type ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { changes } from '../http/changes';
import { auditedBy, type RequestContext } from '../http/request-context';
import type { AppDto, CreateAppDto, UpdateAppDto } from './apps.dto';

/** Apps of an organization. */
@Injectable()
export class AppsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly provisioner: TenancyProvisioner,
    private readonly audit: AuditLog,
    private readonly refreshTokens: RefreshTokens,
    private readonly changes: TenancyChanges,
  ) {}

  async create(context: RequestContext, organizationId: string, input: CreateAppDto): Promise<AppDto> {
    const app = await this.provisioner.createApp({ organizationId, ...input });
    await this.record(context, 'app.create', app, { name: app.name });
    return toDto(app);
  }

  /** The guard checked apps:read on the organization, which covers every app in it. */
  async list(organizationId: string, query: ListQueryDto): Promise<ListResponse<AppDto>> {
    return listPage(this.dataSource.manager, AppEntity, { where: { organizationId }, sortBy: 'name' }, query, toDto);
  }

  async get(id: string): Promise<AppDto> {
    return toDto(await this.find(id));
  }

  async update(context: RequestContext, id: string, input: UpdateAppDto): Promise<AppDto> {
    const app = await this.find(id);
    if (input.defaultEnvironmentId !== undefined) {
      const environment = await this.dataSource.manager.findOneBy(EnvironmentEntity, { id: input.defaultEnvironmentId, appId: id });
      if (!environment) throw new TenancyError('NOT_FOUND', 'defaultEnvironmentId is not an environment of this app', 'defaultEnvironmentId');
    }
    const changed = changes(input);
    Object.assign(app, changed);
    const saved = await this.dataSource.manager.save(app);
    await this.record(context, 'app.update', saved, { fields: Object.keys(changed) });
    return toDto(saved);
  }

  async delete(context: RequestContext, id: string, cascade: boolean): Promise<void> {
    const app = await this.find(id);
    const environments = await this.dataSource.manager.countBy(EnvironmentEntity, { appId: id });
    if (environments > 0 && !cascade) {
      throw new TenancyError('NOT_EMPTY', `the app has ${environments} environment(s); delete them first or pass cascade=true`);
    }
    const revokedLogins = await this.refreshTokens.revokeAllBeneath({ appId: id }, 'app_deleted');
    await this.dataSource.manager.delete(AppEntity, { id });
    await this.changes.announce();
    await this.record(context, 'app.delete', app, { cascade, revokedLogins });
  }

  private async find(id: string): Promise<AppEntity> {
    const app = await this.dataSource.manager.findOneBy(AppEntity, { id });
    if (!app) throw new TenancyError('NOT_FOUND', 'app not found');
    return app;
  }

  private record(context: RequestContext, action: string, app: AppEntity, details: Record<string, unknown>) {
    return this.audit.record({
      ...auditedBy(context),
      action,
      target: { type: 'app', id: app.id },
      organizationId: app.organizationId,
      details,
    });
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
