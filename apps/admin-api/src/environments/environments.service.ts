import { Injectable } from '@nestjs/common';
import { EnvironmentEntity } from '@rapidauth/database';
import { RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges, TenancyProvisioner } from '@rapidauth/tenancy';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import { listPage, type ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { changes } from '../http/changes';
import { AdminResource, AdminResources, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type { CreateEnvironmentDto, EnvironmentDto, EnvironmentWithSecretDto, UpdateEnvironmentDto } from './environments.dto';

export const ENVIRONMENT_RESOURCE: ResourceKind<EnvironmentEntity> = {
  entity: EnvironmentEntity,
  name: 'environment',
  auditType: 'environment',
  organizationOf: (environment) => environment.organizationId,
};

/** Environments: where an app's users live; each has its appKey/appSecret and a built-in `local` service. */
@Injectable()
export class EnvironmentsService {
  private readonly environments: AdminResource<EnvironmentEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly provisioner: TenancyProvisioner,
    private readonly hasher: SecretHasher,
    private readonly refreshTokens: RefreshTokens,
    private readonly changes: TenancyChanges,
    resources: AdminResources,
  ) {
    this.environments = resources.of(ENVIRONMENT_RESOURCE);
  }

  async create(context: RequestContext, appId: string, input: CreateEnvironmentDto): Promise<EnvironmentWithSecretDto> {
    const { environment, appSecret } = await this.provisioner.createEnvironment({ appId, ...input });
    await this.environments.record(context, 'environment.create', environment, { name: environment.name });
    return { ...toDto(environment), appSecret };
  }

  /** The guard checked environments:read on the app, which covers every environment in it. */
  async list(appId: string, query: ListQueryDto): Promise<ListResponse<EnvironmentDto>> {
    return listPage(this.dataSource.manager, EnvironmentEntity, { where: { appId }, sortBy: 'name' }, query, toDto);
  }

  async get(id: string): Promise<EnvironmentDto> {
    return toDto(await this.environments.find(id));
  }

  async update(context: RequestContext, id: string, input: UpdateEnvironmentDto): Promise<EnvironmentDto> {
    const environment = await this.environments.find(id);
    if (input.customScopes) environment.customScopes = [...new Set(input.customScopes)];
    if (input.usergridCompatibility !== undefined) environment.usergridCompatibility = input.usergridCompatibility;
    const saved = await this.dataSource.manager.save(environment);
    await this.changes.announce();
    await this.environments.record(context, 'environment.update', saved, { fields: Object.keys(changes(input)) });
    return toDto(saved);
  }

  /** A new appSecret; the old one stops working at once. */
  async rotateSecret(context: RequestContext, id: string): Promise<EnvironmentWithSecretDto> {
    const environment = await this.environments.find(id);
    const appSecret = SecretHasher.generate();
    environment.appSecretHash = this.hasher.hash(appSecret);
    const saved = await this.dataSource.manager.save(environment);
    await this.changes.announce();
    await this.environments.record(context, 'environment.rotate_secret', saved, {});
    return { ...toDto(saved), appSecret };
  }

  /** Deletes the environment with its clients, users and services; every login in it is revoked first. */
  async delete(context: RequestContext, id: string): Promise<void> {
    const environment = await this.environments.find(id);
    const revokedLogins = await this.refreshTokens.revokeAllBeneath({ environmentId: id }, 'environment_deleted');
    await this.dataSource.manager.delete(EnvironmentEntity, { id });
    await this.changes.announce();
    await this.environments.record(context, 'environment.delete', environment, { revokedLogins });
  }
}

/** Explicit mapping: the appSecret hash never leaves the service. */
function toDto(environment: EnvironmentEntity): EnvironmentDto {
  return {
    id: environment.id,
    appId: environment.appId,
    organizationId: environment.organizationId,
    name: environment.name,
    appKey: environment.appKey,
    defaultServiceId: environment.defaultServiceId,
    customScopes: environment.customScopes,
    usergridCompatibility: environment.usergridCompatibility,
    createdAt: environment.createdAt,
    updatedAt: environment.updatedAt,
  };
}
