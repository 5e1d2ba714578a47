import { Injectable } from '@nestjs/common';
import { ClientEntity } from '@rapidauth/database';
import { RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges, TenancyProvisioner } from '@rapidauth/tenancy';
import { DataSource } from 'typeorm';
import { listPage, type ListResponse } from '../http/list-query.dto';
import { changes } from '../http/changes';
import { AdminResource, AdminResources, organizationOfEnvironment, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type { ClientDto, ClientListQueryDto, ClientWithSecretDto, CreateClientDto, UpdateClientDto } from './clients.dto';
import { deviceClientChanges, deviceSecretRotationRefused } from './device-client-changes';

export const CLIENT_RESOURCE: ResourceKind<ClientEntity> = {
  entity: ClientEntity,
  name: 'client',
  auditType: 'client',
  organizationOf: (client, manager) => organizationOfEnvironment(manager, client.environmentId),
  auditDetails: (client) => ({ clientId: client.clientId }),
};

/** Registered OAuth clients of an environment. */
@Injectable()
export class ClientsService {
  private readonly clients: AdminResource<ClientEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly provisioner: TenancyProvisioner,
    private readonly refreshTokens: RefreshTokens,
    private readonly changes: TenancyChanges,
    resources: AdminResources,
  ) {
    this.clients = resources.of(CLIENT_RESOURCE);
  }

  async create(context: RequestContext, environmentId: string, input: CreateClientDto): Promise<ClientWithSecretDto> {
    const { client, clientSecret } = await this.provisioner.createClient({ environmentId, ...input });
    await this.clients.record(context, 'client.create', client, { name: client.name, type: client.type });
    return { ...toDto(client), ...(clientSecret && { clientSecret }) };
  }

  /** A page of the environment's clients, of one kind when `query.kind` names it (`total` counts that kind alone). */
  async list(environmentId: string, query: ClientListQueryDto): Promise<ListResponse<ClientDto>> {
    const where = { environmentId, ...(query.kind && { kind: query.kind }) };
    return listPage(this.dataSource.manager, ClientEntity, { where, sortBy: 'name' }, query, toDto);
  }

  async get(id: string): Promise<ClientDto> {
    return toDto(await this.clients.find(id));
  }

  /** A disabled client is refused at once; its logins are revoked too. A device client takes only its own changes. */
  async update(context: RequestContext, id: string, input: UpdateClientDto): Promise<ClientDto> {
    const changed = changes(input);
    const stored = await this.clients.find(id);
    const client =
      stored.kind === 'device' ? await this.dataSource.manager.save(Object.assign(stored, deviceClientChanges(stored, changed))) : await this.provisioner.updateClient(id, changed);
    if (changed.enabled === false) await this.refreshTokens.revokeLoginsThrough({ clientId: client.clientId }, 'client_disabled');
    await this.changes.announce();
    await this.clients.record(context, 'client.update', client, { fields: Object.keys(changed) });
    return toDto(client);
  }

  async rotateSecret(context: RequestContext, id: string): Promise<ClientWithSecretDto> {
    if ((await this.clients.find(id)).kind === 'device') throw deviceSecretRotationRefused();
    const { client, clientSecret } = await this.provisioner.rotateClientSecret(id);
    await this.changes.announce();
    await this.clients.record(context, 'client.rotate_secret', client, {});
    return { ...toDto(client), clientSecret };
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    const client = await this.clients.find(id);
    const revokedLogins = await this.refreshTokens.revokeLoginsThrough({ clientId: client.clientId }, 'client_deleted');
    await this.dataSource.manager.delete(ClientEntity, { id });
    await this.changes.announce();
    await this.clients.record(context, 'client.delete', client, { revokedLogins });
  }
}

/** Explicit mapping: the secret's hash never leaves the service. */
function toDto(client: ClientEntity): ClientDto {
  return {
    id: client.id,
    clientId: client.clientId,
    environmentId: client.environmentId,
    name: client.name,
    kind: client.kind,
    appSignatureId: client.appSignatureId,
    type: client.type,
    applicationType: client.applicationType,
    firstParty: client.firstParty,
    redirectUris: client.redirectUris,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    allowedOrigins: client.allowedOrigins,
    grantTypes: client.grantTypes,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    idTokenSignedResponseAlg: client.idTokenSignedResponseAlg,
    dpopBoundAccessTokens: client.dpopBoundAccessTokens,
    dpopNonceRequired: client.dpopNonceRequired,
    enabled: client.enabled,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
  };
}
