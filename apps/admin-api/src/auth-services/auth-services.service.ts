import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import type { CheckTarget } from '@rapidauth/access';
import { ConnectorRegistry, ServiceConnectors, type ValidatedConfig } from '@rapidauth/connectors';
import { AuthServiceEntity, EnvironmentEntity, IdentityEntity, OrganizationEntity } from '@rapidauth/database';
import { RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges, TenancyError } from '@rapidauth/tenancy';
import { DataSource, IsNull } from 'typeorm';
import { PermissionCheck } from '../auth/permission-check';
import { listPage, type ListResponse } from '../http/list-query.dto';
import { AdminResource, AdminResources, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import { ENVIRONMENT_RESOURCE } from '../environments/environments.service';
import { ORGANIZATION_RESOURCE } from '../organizations/organizations.service';
import { idpRegistration } from './idp-registration';
import { IdentitiesExistError } from './identities-exist.error';
import type { AuthServiceDto, AuthServiceListQueryDto, CreateAuthServiceDto, ServiceScopeDto, UpdateAuthServiceDto } from './auth-services.dto';

export interface ServiceScope {
  readonly organizationId: string;
  readonly environmentId: string | null;
  readonly target: CheckTarget;
}

const AUTH_SERVICE_RESOURCE: ResourceKind<AuthServiceEntity> = {
  entity: AuthServiceEntity,
  name: 'auth service',
  auditType: 'auth-service',
  organizationOf: (service) => service.organizationId,
};

/**
 * Auth services: configured connectors of an environment or a whole organization. Each config
 * is validated by its connector type's schema; secret settings are sealed (ServiceConnectors) and
 * never returned. Changes reach every gateway instance at once (TenancyChanges).
 */
@Injectable()
export class AuthServicesService {
  private readonly services: AdminResource<AuthServiceEntity>;
  private readonly environments: AdminResource<EnvironmentEntity>;
  private readonly organizations: AdminResource<OrganizationEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ConnectorRegistry,
    private readonly connectors: ServiceConnectors,
    private readonly permissions: PermissionCheck,
    private readonly changes: TenancyChanges,
    private readonly refreshTokens: RefreshTokens,
    resources: AdminResources,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.services = resources.of(AUTH_SERVICE_RESOURCE);
    this.environments = resources.of(ENVIRONMENT_RESOURCE);
    this.organizations = resources.of(ORGANIZATION_RESOURCE);
  }

  async create(context: RequestContext, input: CreateAuthServiceDto): Promise<AuthServiceDto> {
    const scope = await this.scopeOf(input.scope);
    await this.permissions.require(context.principal, 'auth-services:write', scope.target);
    if (input.type === 'local') {
      throw new TenancyError('INVALID_SERVICE_SETTINGS', 'the local service is built in: every environment has one', 'type');
    }
    const id = randomUUID();
    const { config, secrets } = this.registry.validate(input.type, input.config);
    const service = await this.dataSource.manager.save(
      this.dataSource.manager.create(AuthServiceEntity, {
        id,
        organizationId: scope.organizationId,
        environmentId: scope.environmentId,
        name: input.name,
        description: input.description ?? null,
        type: input.type,
        config,
        encryptedSecrets: this.connectors.sealSecrets(id, secrets),
        enabled: input.enabled ?? true,
      }),
    );
    await this.services.record(context, 'auth_service.create', service, { name: service.name, type: service.type });
    return this.toDto(service);
  }

  async list(context: RequestContext, query: AuthServiceListQueryDto): Promise<ListResponse<AuthServiceDto>> {
    if ((query.environmentId === undefined) === (query.organizationId === undefined)) {
      throw new TenancyError('INVALID_SERVICE_SETTINGS', 'give exactly one of environmentId or organizationId', 'environmentId');
    }
    const scope = await this.scopeOf(query);
    await this.permissions.require(context.principal, 'auth-services:read', scope.target);
    const where = scope.environmentId
      ? [{ environmentId: scope.environmentId }, { organizationId: scope.organizationId, environmentId: IsNull() }]
      : { organizationId: scope.organizationId };
    return listPage(this.dataSource.manager, AuthServiceEntity, { where, sortBy: 'name' }, query, (row) => this.toDto(row));
  }

  async get(id: string): Promise<AuthServiceDto> {
    return this.toDto(await this.services.find(id));
  }

  /**
   * Changed config keys are merged over the stored ones and the whole is validated again. Moving
   * an endpoint needs the stored secrets given again, so they never follow it unknown; a key that
   * names the upstream user stays while the service has identities.
   */
  async update(context: RequestContext, id: string, input: UpdateAuthServiceDto): Promise<AuthServiceDto> {
    const service = await this.services.find(id);
    if (input.config) {
      const { config, secrets } = this.mergedConfig(service, input.config);
      await this.requireIdentityKeysKept(service, config);
      service.config = config;
      service.encryptedSecrets = this.connectors.sealSecrets(service.id, secrets);
    }
    if (input.name !== undefined) service.name = input.name;
    if (input.description !== undefined) service.description = input.description;
    if (input.enabled !== undefined) service.enabled = input.enabled;
    const saved = await this.dataSource.manager.save(service);
    if (input.enabled === false) await this.refreshTokens.revokeLoginsThrough({ authServiceId: id }, 'auth_service_disabled');
    await this.changes.announce();
    await this.services.record(context, 'auth_service.update', saved, {
      fields: Object.keys(input).filter((key) => input[key as keyof UpdateAuthServiceDto] !== undefined),
      configKeys: Object.keys(input.config ?? {}),
    });
    return this.toDto(saved);
  }

  /** The stored service `id`, or 404 NOT_FOUND. */
  async stored(id: string): Promise<AuthServiceEntity> {
    return this.services.find(id);
  }

  /**
   * `change` merged over the stored config and secrets as PATCH merges it (null: back to the
   * default), validated whole. Refused when it moves an endpoint without giving the secrets again.
   */
  mergedConfig(service: AuthServiceEntity, change: Record<string, unknown>): ValidatedConfig {
    const storedSecrets = this.connectors.openSecrets(service);
    this.registry.requireSecretsOnEndpointChange(service.type, service.config, change, Object.keys(storedSecrets));
    const merged: Record<string, unknown> = { ...service.config, ...storedSecrets };
    for (const [key, value] of Object.entries(change)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    return this.registry.validate(service.type, merged);
  }

  /**
   * The stored users of a service are named by its identity keys (`userIdAttribute` of oauth2 and
   * facebook, docs/admin-api.md#auth-services): changing one while identities exist would give
   * each user a second account, so it is refused (409 IDENTITIES_EXIST) before anything is saved.
   */
  private async requireIdentityKeysKept(service: AuthServiceEntity, config: Record<string, unknown>): Promise<void> {
    const changed = this.registry.identityKeys(service.type).find((key) => config[key] !== service.config[key]);
    if (!changed) return;
    // environment_id leads the identity index; an organization's service serves many environments.
    const where = service.environmentId ? { provider: service.id, environmentId: service.environmentId } : { provider: service.id };
    if (await this.dataSource.manager.exists(IdentityEntity, { where })) throw new IdentitiesExistError(changed);
  }

  /** Refused while an environment signs in through it by default; logins through it are revoked. */
  async delete(context: RequestContext, id: string): Promise<void> {
    const service = await this.services.find(id);
    if (service.type === 'local') {
      throw new TenancyError('INVALID_SERVICE_SETTINGS', "the local service is built in; leave it out of the environment's enabled services instead", 'id');
    }
    const defaults = await this.dataSource.manager.find(EnvironmentEntity, { select: { id: true }, where: { defaultServiceId: id } });
    if (defaults.length > 0) {
      throw new TenancyError(
        'SERVICE_IN_USE',
        `the default service of environment(s) ${defaults.map((environment) => environment.id).join(', ')}: choose another default first`,
      );
    }
    const revokedLogins = await this.refreshTokens.revokeLoginsThrough({ authServiceId: id }, 'auth_service_deleted');
    await this.dataSource.manager.delete(AuthServiceEntity, { id });
    await this.changes.announce();
    await this.services.record(context, 'auth_service.delete', service, { name: service.name, type: service.type, revokedLogins });
  }

  /** The organization and environment a scope names (exactly one of the two), and the target permissions are checked on. */
  async scopeOf(input: ServiceScopeDto): Promise<ServiceScope> {
    if ((input.environmentId === undefined) === (input.organizationId === undefined)) {
      throw new TenancyError('INVALID_SERVICE_SETTINGS', 'give exactly one of environmentId or organizationId', 'scope');
    }
    if (input.environmentId) {
      const environment = await this.environments.find(input.environmentId, 'scope.environmentId');
      return { organizationId: environment.organizationId, environmentId: environment.id, target: { type: 'environment', id: environment.id } };
    }
    const organizationId = input.organizationId!;
    await this.organizations.find(organizationId, 'scope.organizationId');
    return { organizationId, environmentId: null, target: { type: 'organization', id: organizationId } };
  }

  /** Explicit mapping: secret settings are named, never returned. */
  private toDto(service: AuthServiceEntity): AuthServiceDto {
    return {
      id: service.id,
      name: service.name,
      description: service.description,
      type: service.type,
      scope: service.environmentId ? { environmentId: service.environmentId } : { organizationId: service.organizationId },
      config: service.config,
      secretsSet: Object.keys(this.connectors.openSecrets(service)).sort(),
      enabled: service.enabled,
      loginAvailable: this.registry.isLoginAvailable(service.type),
      ...idpRegistration(service, this.config.publicUrl),
      createdAt: service.createdAt,
      updatedAt: service.updatedAt,
    };
  }
}
