import { Injectable } from '@nestjs/common';
import { AuthServiceEntity, EnvironmentEntity, EnvironmentServiceEntity } from '@rapidauth/database';
import { NotFoundError } from '@rapidauth/oauth';
import { TenancyChanges, TenancyError } from '@rapidauth/tenancy';
import { DataSource, In } from 'typeorm';
import { AdminResource, AdminResources } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type { EnvironmentIdentityDto, EnvironmentIdentityView } from './environment-identity.dto';
import { ENVIRONMENT_RESOURCE } from './environments.service';

/** An environment's enabled auth services and its default. */
@Injectable()
export class EnvironmentIdentityService {
  private readonly environments: AdminResource<EnvironmentEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: TenancyChanges,
    resources: AdminResources,
  ) {
    this.environments = resources.of(ENVIRONMENT_RESOURCE);
  }

  async get(environmentId: string): Promise<EnvironmentIdentityView> {
    const environment = await this.environments.find(environmentId);
    const links = await this.dataSource.manager.find(EnvironmentServiceEntity, { where: { environmentId }, order: { authServiceId: 'ASC' } });
    return { enabledServices: links.map((link) => link.authServiceId), defaultService: environment.defaultServiceId };
  }

  /** Replaces the set at once; takes effect on every instance without a restart. */
  async put(context: RequestContext, environmentId: string, input: EnvironmentIdentityDto): Promise<EnvironmentIdentityView> {
    const environment = await this.environments.find(environmentId);
    if (!input.enabledServices.includes(input.defaultService)) {
      throw new TenancyError('INVALID_SERVICE_SETTINGS', 'defaultService must be one of enabledServices', 'defaultService');
    }
    const services = await this.dataSource.manager.find(AuthServiceEntity, {
      select: { id: true, organizationId: true, environmentId: true },
      where: { id: In(input.enabledServices) },
    });
    input.enabledServices.forEach((id, index) => {
      const service = services.find((candidate) => candidate.id === id);
      const usable = service?.organizationId === environment.organizationId && (service.environmentId ?? environment.id) === environment.id;
      if (!usable) {
        throw new NotFoundError('no such auth service in this environment or its organization', { field: `enabledServices[${index}]` });
      }
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(EnvironmentServiceEntity, { environmentId });
      await manager.insert(
        EnvironmentServiceEntity,
        input.enabledServices.map((authServiceId) => ({ environmentId, authServiceId })),
      );
      await manager.update(EnvironmentEntity, { id: environmentId }, { defaultServiceId: input.defaultService });
    });
    await this.changes.announce();
    await this.environments.record(context, 'environment.identity_update', environment, {
      enabledServices: input.enabledServices,
      defaultService: input.defaultService,
    });
    return this.get(environmentId);
  }
}
