import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AppEntity,
  AuthServiceEntity,
  ClientEntity,
  EnvironmentEntity,
  EnvironmentServiceEntity,
  OrganizationEntity,
} from '@rapidauth/database';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource, EntityManager } from 'typeorm';
import { checkName, uniquelyNamed } from './names';
import { clientSettings, type NewClient } from './client-rules';
import { DEFAULT_TTLS } from './service-settings';
import { TenancyError } from './tenancy.errors';


/**
 * Creates the tenancy tree. Generated secrets are returned once and stored only as HMACs. Used by
 * the admin API, the demo seed and tests; invariants (names, the `local` service of every
 * environment, client rules) are enforced here so every caller gets them.
 */
@Injectable()
export class TenancyProvisioner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: SecretHasher,
  ) {}

  async createOrganization(input: { name: string; displayName?: string }) {
    const name = checkName('name', input.name, { organization: true });
    const clientSecret = SecretHasher.generate();
    const organization = await uniquelyNamed('name', () =>
      this.dataSource.manager.save(
        this.dataSource.manager.create(OrganizationEntity, {
          name,
          displayName: input.displayName ?? name,
          clientId: `org_${randomId()}`,
          clientSecretHash: this.hasher.hash(clientSecret),
        }),
      ),
    );
    return { organization, clientSecret };
  }

  async createApp(input: { organizationId: string; name: string; displayName?: string }) {
    const name = checkName('name', input.name);
    return uniquelyNamed('name', () =>
      this.dataSource.manager.save(
        this.dataSource.manager.create(AppEntity, { organizationId: input.organizationId, name, displayName: input.displayName ?? name }),
      ),
    );
  }

  /** An environment with its appKey/appSecret and its built-in `local` service, enabled and default. */
  async createEnvironment(input: {
    appId: string;
    name: string;
    customScopes?: string[];
    localServiceConfig?: Record<string, unknown>;
  }) {
    const name = checkName('name', input.name);
    const appSecret = SecretHasher.generate();
    const created = await uniquelyNamed('name', () =>
      this.dataSource.transaction(async (manager) => {
        const app = await manager.findOneBy(AppEntity, { id: input.appId });
        if (!app) throw new TenancyError('NOT_FOUND', 'app not found', 'appId');
        const environment = await manager.save(
          manager.create(EnvironmentEntity, {
            appId: app.id,
            organizationId: app.organizationId,
            name,
            appKey: `ak_${randomId()}`,
            appSecretHash: this.hasher.hash(appSecret),
            customScopes: input.customScopes ?? [],
          }),
        );
        const localService = await this.createLocalService(manager, environment, input.localServiceConfig ?? {});
        environment.defaultServiceId = localService.id;
        await manager.save(environment);
        // An app's first environment is its default until an admin picks another.
        if (!app.defaultEnvironmentId) await manager.update(AppEntity, { id: app.id }, { defaultEnvironmentId: environment.id });
        return { environment, localService };
      }),
    );
    return { ...created, appSecret };
  }

  async createClient(input: NewClient) {
    const settings = clientSettings(input);
    const clientSecret = settings.type === 'confidential' ? SecretHasher.generate() : undefined;
    const environment = await this.dataSource.manager.findOneBy(EnvironmentEntity, { id: input.environmentId });
    if (!environment) throw new TenancyError('NOT_FOUND', 'environment not found', 'environmentId');
    const client = await this.dataSource.manager.save(
      this.dataSource.manager.create(ClientEntity, {
        ...settings,
        environmentId: environment.id,
        clientId: `cl_${randomId()}`,
        kind: 'registered',
        secretHash: clientSecret ? this.hasher.hash(clientSecret) : null,
      }),
    );
    return { client, clientSecret };
  }

  /** Changes a client's settings under the same rules as registration; its type cannot change. */
  async updateClient(id: string, changes: Partial<Omit<NewClient, 'environmentId' | 'type'>> & { enabled?: boolean }) {
    const client = await this.dataSource.manager.findOneBy(ClientEntity, { id });
    if (!client) throw new TenancyError('NOT_FOUND', 'client not found');
    const { enabled, ...settingsChanges } = changes;
    const settings = clientSettings({ ...client, ...settingsChanges, environmentId: client.environmentId });
    Object.assign(client, settings, enabled === undefined ? {} : { enabled });
    return this.dataSource.manager.save(client);
  }

  /** A new secret for a confidential client; the old one stops working at once. */
  async rotateClientSecret(id: string) {
    const client = await this.dataSource.manager.findOneBy(ClientEntity, { id });
    if (!client) throw new TenancyError('NOT_FOUND', 'client not found');
    if (client.type !== 'confidential') throw new TenancyError('INVALID_CLIENT_SETTINGS', 'public clients have no secret', 'type');
    const clientSecret = SecretHasher.generate();
    client.secretHash = this.hasher.hash(clientSecret);
    return { client: await this.dataSource.manager.save(client), clientSecret };
  }

  private createLocalService(manager: EntityManager, environment: EnvironmentEntity, config: Record<string, unknown>) {
    return manager
      .save(
        manager.create(AuthServiceEntity, {
          organizationId: environment.organizationId,
          environmentId: environment.id,
          name: 'Own identities',
          type: 'local',
          config: { redirectUris: [], allowRefreshTokens: true, ...DEFAULT_TTLS, allowedAttributes: [], ...config },
        }),
      )
      .then(async (service) => {
        await manager.save(manager.create(EnvironmentServiceEntity, { environmentId: environment.id, authServiceId: service.id }));
        return service;
      });
  }
}

/** 20 base64url characters (120 bits): identifiers that must not be guessable. */
export function randomId(): string {
  return randomBytes(15).toString('base64url');
}
