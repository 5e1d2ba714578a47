import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AppEntity,
  AuthServiceEntity,
  ClientEntity,
  EnvironmentEntity,
  EnvironmentServiceEntity,
  OrganizationEntity,
  type TokenEndpointAuthMethod,
} from '@rapidauth/database';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { checkName } from './names';
import { redirectUriProblem } from './redirect-uris';
import { DEFAULT_TTLS } from './service-settings';
import { TenancyError } from './tenancy.errors';

export interface NewClient {
  environmentId: string;
  name: string;
  type: 'public' | 'confidential';
  applicationType?: 'web' | 'native';
  firstParty?: boolean;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  allowedOrigins?: string[];
  grantTypes?: string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  idTokenSignedResponseAlg?: 'RS256' | 'ES256';
}

const CLIENT_GRANT_TYPES = ['authorization_code', 'refresh_token', 'password', 'client_credentials'];

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
    const organization = await this.unique('name', () =>
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
    return this.unique('name', () =>
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
    const created = await this.unique('name', () =>
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
    const applicationType = input.applicationType ?? 'web';
    const authMethod = input.tokenEndpointAuthMethod ?? (input.type === 'public' ? 'none' : 'client_secret_basic');
    const grantTypes = input.grantTypes ?? ['authorization_code', 'refresh_token'];
    this.checkClient(input, applicationType, authMethod, grantTypes);
    const clientSecret = input.type === 'confidential' ? SecretHasher.generate() : undefined;
    const environment = await this.dataSource.manager.findOneBy(EnvironmentEntity, { id: input.environmentId });
    if (!environment) throw new TenancyError('NOT_FOUND', 'environment not found', 'environmentId');
    const client = await this.dataSource.manager.save(
      this.dataSource.manager.create(ClientEntity, {
        environmentId: environment.id,
        clientId: `cl_${randomId()}`,
        name: input.name,
        kind: 'registered',
        type: input.type,
        applicationType,
        firstParty: input.firstParty ?? false,
        redirectUris: input.redirectUris ?? [],
        postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
        allowedOrigins: input.allowedOrigins ?? [],
        grantTypes,
        tokenEndpointAuthMethod: authMethod,
        idTokenSignedResponseAlg: input.idTokenSignedResponseAlg ?? 'RS256',
        secretHash: clientSecret ? this.hasher.hash(clientSecret) : null,
      }),
    );
    return { client, clientSecret };
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

  private checkClient(input: NewClient, applicationType: 'web' | 'native', authMethod: string, grantTypes: string[]): void {
    const fail = (field: string, message: string) => {
      throw new TenancyError('INVALID_CLIENT_SETTINGS', `${field} ${message}`, field);
    };
    if (!input.name?.trim()) fail('name', 'is required');
    if (input.type === 'public' && authMethod !== 'none') fail('tokenEndpointAuthMethod', 'must be "none" for public clients');
    if (input.type === 'confidential' && authMethod === 'none') fail('tokenEndpointAuthMethod', 'must authenticate a confidential client');
    for (const grant of grantTypes) if (!CLIENT_GRANT_TYPES.includes(grant)) fail('grantTypes', `"${grant}" is not supported`);
    if (input.type === 'public' && grantTypes.includes('client_credentials')) fail('grantTypes', 'client_credentials needs a confidential client');
    if (grantTypes.includes('password') && !input.firstParty) fail('grantTypes', 'password is only for first-party clients');
    for (const [field, uris] of [['redirectUris', input.redirectUris], ['postLogoutRedirectUris', input.postLogoutRedirectUris]] as const) {
      for (const uri of uris ?? []) {
        const problem = redirectUriProblem(uri, applicationType);
        if (problem) fail(field, `"${uri}" ${problem}`);
      }
    }
    if (grantTypes.includes('authorization_code') && !(input.redirectUris ?? []).length) fail('redirectUris', 'are required for authorization_code');
  }

  /** Turns a unique-constraint violation into NAME_TAKEN on `field`. */
  private async unique<T>(field: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new TenancyError('NAME_TAKEN', `${field} is already taken`, field);
      }
      throw error;
    }
  }
}

/** 20 base64url characters (120 bits): identifiers that must not be guessable. */
function randomId(): string {
  return randomBytes(15).toString('base64url');
}
