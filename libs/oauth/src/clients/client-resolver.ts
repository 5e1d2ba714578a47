import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import type { AuthServiceEntity, ClientEntity, EnvironmentEntity } from '@rapidauth/database';
import { CLIENT_GRANT_TYPES, serviceTokenSettings, TenancyChanges } from '@rapidauth/tenancy';
import { InvalidClientError, InvalidRequestError } from '../errors';
import { ClientRepository } from './client.repository';
import { type AppClient, type ClientPrincipal, type ResolvedService } from './resolved-client';

/** Resolved clients are kept this long at most; TenancyChanges drops them at once on any change. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;
const CLIENT_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Turns a `client_id` into the client it names (docs/gateway.md#client-ids):
 * `appKey` (the environment's own client, its default service), `appKey.serviceId` (the same
 * client with that service, which the environment must enable), a registered client, or an
 * organization client. App keys contain no dot, so the split is at the first dot.
 */
@Injectable()
export class ClientResolver {
  /** Only successful resolutions are cached, so unknown ids cannot fill it. */
  private readonly cache = new Map<string, { client: ClientPrincipal; expiresAt: number }>();

  constructor(
    private readonly repository: ClientRepository,
    private readonly changes: TenancyChanges,
  ) {}

  /** Keeps the cache current across instances; called once at start-up. */
  async start(): Promise<void> {
    await this.changes.subscribe(() => this.cache.clear());
  }

  async resolve(clientId: string): Promise<ClientPrincipal> {
    const cached = this.cache.get(clientId);
    if (cached && cached.expiresAt > Date.now()) return cached.client;
    const client = await this.lookUp(clientId);
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(clientId, { client, expiresAt: Date.now() + CACHE_TTL_MS });
    return client;
  }

  private async lookUp(clientId: string): Promise<ClientPrincipal> {
    if (!CLIENT_ID.test(clientId)) throw new InvalidClientError('unknown client', { detail: 'malformed client_id' });
    const dot = clientId.indexOf('.');
    const appKey = dot < 0 ? clientId : clientId.slice(0, dot);
    const serviceId = dot < 0 ? undefined : clientId.slice(dot + 1);

    const environment = await this.repository.findEnvironmentByAppKey(appKey);
    if (environment) return this.environmentClient(clientId, environment, serviceId);
    if (serviceId === undefined) {
      const registered = await this.repository.findRegisteredClient(clientId);
      if (registered?.enabled) return this.registeredClient(registered, registered.environment);
      const organization = await this.repository.findOrganizationByClientId(clientId);
      if (organization?.enabled) {
        return { kind: 'organization', clientId, organizationId: organization.id, secretHash: organization.clientSecretHash };
      }
    }
    throw new InvalidClientError('unknown client', { code: 'INVALID_CLIENT', detail: `no client ${clientId}` });
  }

  /** Resolves and requires an application client (not an organization client). */
  async resolveApp(clientId: string): Promise<AppClient> {
    const client = await this.resolve(clientId);
    if (client.kind !== 'app') throw new InvalidClientError('unknown client', { detail: 'organization client on an app endpoint' });
    return client;
  }

  private async environmentClient(clientId: string, environment: EnvironmentEntity, serviceId?: string): Promise<AppClient> {
    const service = await this.service(environment, serviceId);
    return {
      kind: 'app',
      clientId,
      source: 'environment',
      name: null,
      environmentId: environment.id,
      organizationId: environment.organizationId,
      type: 'confidential',
      applicationType: 'web',
      firstParty: true,
      grantTypes: CLIENT_GRANT_TYPES,
      authMethods: ['client_secret_basic', 'client_secret_post'],
      redirectUris: service.settings.redirectUris,
      postLogoutRedirectUris: service.settings.redirectUris,
      allowedOrigins: [],
      idTokenSignedResponseAlg: 'RS256',
      customScopes: environment.customScopes,
      service,
      secretHash: environment.appSecretHash,
    };
  }

  private async registeredClient(client: ClientEntity, environment: EnvironmentEntity): Promise<AppClient> {
    return {
      kind: 'app',
      clientId: client.clientId,
      source: 'registered',
      name: client.name,
      environmentId: environment.id,
      organizationId: environment.organizationId,
      type: client.type,
      applicationType: client.applicationType,
      firstParty: client.firstParty,
      grantTypes: client.grantTypes,
      authMethods: [client.tokenEndpointAuthMethod],
      redirectUris: client.redirectUris,
      postLogoutRedirectUris: client.postLogoutRedirectUris,
      allowedOrigins: client.allowedOrigins,
      idTokenSignedResponseAlg: client.idTokenSignedResponseAlg,
      dpop: { boundAccessTokens: client.dpopBoundAccessTokens, nonceRequired: client.dpopNonceRequired },
      ...(client.kind === 'device' && { device: { appSignatureId: client.appSignatureId, scopes: client.appSignature?.scopes ?? [] } }),
      customScopes: environment.customScopes,
      service: await this.service(environment),
      secretHash: client.secretHash,
      secretExpiresAt: client.secretExpiresAt,
    };
  }

  private async service(environment: EnvironmentEntity, serviceId?: string): Promise<ResolvedService> {
    const id = serviceId ?? environment.defaultServiceId;
    const entity = id && isUUID(id) ? await this.repository.findEnabledService(environment.id, id) : null;
    if (!entity) {
      throw new InvalidRequestError(
        serviceId === undefined ? 'the environment has no default auth service' : 'the auth service is not enabled for this environment',
        { code: 'PROVIDER_DISABLED', detail: `service ${id ?? '(none)'} of environment ${environment.id}` },
      );
    }
    return toResolvedService(entity);
  }
}

function toResolvedService(entity: AuthServiceEntity): ResolvedService {
  return { id: entity.id, type: entity.type, name: entity.name, settings: serviceTokenSettings(entity.config), stored: entity };
}
