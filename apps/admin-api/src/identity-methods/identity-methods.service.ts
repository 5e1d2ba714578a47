import { Injectable } from '@nestjs/common';
import { EnvironmentEntity } from '@rapidauth/database';
import { IdentityMethods, type IdentityMethodSettings } from '@rapidauth/identity';
import { AdminResource, AdminResources } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import { ENVIRONMENT_RESOURCE } from '../environments/environments.service';
import type { IdentityMethodsDto } from './identity-methods.dto';

/**
 * An environment's identity methods (docs/admin-api.md#identity-methods): validated and stored by
 * IdentityMethods, which tells every instance; the audit names the fields changed, never a value.
 */
@Injectable()
export class IdentityMethodsService {
  private readonly environments: AdminResource<EnvironmentEntity>;

  constructor(
    private readonly methods: IdentityMethods,
    resources: AdminResources,
  ) {
    this.environments = resources.of(ENVIRONMENT_RESOURCE);
  }

  async get(environmentId: string): Promise<IdentityMethodsDto> {
    await this.environments.find(environmentId);
    return toDto(await this.methods.forEnvironment(environmentId));
  }

  async update(context: RequestContext, environmentId: string, patch: unknown): Promise<IdentityMethodsDto> {
    const environment = await this.environments.find(environmentId);
    const { settings, changedFields } = await this.methods.update(environmentId, patch);
    await this.environments.record(context, 'environment.identity_methods_update', environment, { fields: changedFields });
    return toDto(settings);
  }
}

/** A copy, so that no shared default is ever handed to the serializer or changed by it. */
function toDto(settings: IdentityMethodSettings): IdentityMethodsDto {
  return structuredClone(settings) as IdentityMethodsDto;
}
