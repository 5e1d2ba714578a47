import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { ClientEntity, EnvironmentEntity } from '@rapidauth/database';
import { RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges, TenancyError, TenancyProvisioner } from '@rapidauth/tenancy';
import { DataSource } from 'typeorm';
import { listPage, type ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { changes } from '../http/changes';
import { auditedBy, type RequestContext } from '../http/request-context';
import type { ClientDto, ClientWithSecretDto, CreateClientDto, UpdateClientDto } from './clients.dto';

/** Registered OAuth clients of an environment. */
@Injectable()
export class ClientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly provisioner: TenancyProvisioner,
    private readonly audit: AuditLog,
    private readonly refreshTokens: RefreshTokens,
    private readonly changes: TenancyChanges,
  ) {}

  async create(context: RequestContext, environmentId: string, input: CreateClientDto): Promise<ClientWithSecretDto> {
    const { client, clientSecret } = await this.provisioner.createClient({ environmentId, ...input });
    await this.record(context, 'client.create', client, { name: client.name, type: client.type });
    return { ...toDto(client), ...(clientSecret && { clientSecret }) };
  }

  async list(environmentId: string, query: ListQueryDto): Promise<ListResponse<ClientDto>> {
    return listPage(this.dataSource.manager, ClientEntity, { where: { environmentId }, sortBy: 'name' }, query, toDto);
  }

  async get(id: string): Promise<ClientDto> {
    return toDto(await this.find(id));
  }

  /** A disabled client is refused at once; its logins are revoked too. */
  async update(context: RequestContext, id: string, input: UpdateClientDto): Promise<ClientDto> {
    const changed = changes(input);
    const client = await this.provisioner.updateClient(id, changed);
    if (changed.enabled === false) await this.refreshTokens.revokeLoginsThrough({ clientId: client.clientId }, 'client_disabled');
    await this.changes.announce();
    await this.record(context, 'client.update', client, { fields: Object.keys(changed) });
    return toDto(client);
  }

  async rotateSecret(context: RequestContext, id: string): Promise<ClientWithSecretDto> {
    const { client, clientSecret } = await this.provisioner.rotateClientSecret(id);
    await this.changes.announce();
    await this.record(context, 'client.rotate_secret', client, {});
    return { ...toDto(client), clientSecret };
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    const client = await this.find(id);
    const revokedLogins = await this.refreshTokens.revokeLoginsThrough({ clientId: client.clientId }, 'client_deleted');
    await this.dataSource.manager.delete(ClientEntity, { id });
    await this.changes.announce();
    await this.record(context, 'client.delete', client, { revokedLogins });
  }

  private async find(id: string): Promise<ClientEntity> {
    const client = await this.dataSource.manager.findOneBy(ClientEntity, { id });
    if (!client) throw new TenancyError('NOT_FOUND', 'client not found');
    return client;
  }

  private async record(context: RequestContext, action: string, client: ClientEntity, details: Record<string, unknown>) {
    const environment = await this.dataSource.manager.findOne(EnvironmentEntity, {
      select: { id: true, organizationId: true },
      where: { id: client.environmentId },
    });
    await this.audit.record({
      ...auditedBy(context),
      action,
      target: { type: 'client', id: client.id },
      organizationId: environment?.organizationId,
      details: { ...details, clientId: client.clientId },
    });
  }
}

/** Explicit mapping: the secret's hash never leaves the service. */
function toDto(client: ClientEntity): ClientDto {
  return {
    id: client.id,
    clientId: client.clientId,
    environmentId: client.environmentId,
    name: client.name,
    type: client.type,
    applicationType: client.applicationType,
    firstParty: client.firstParty,
    redirectUris: client.redirectUris,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    allowedOrigins: client.allowedOrigins,
    grantTypes: client.grantTypes,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    idTokenSignedResponseAlg: client.idTokenSignedResponseAlg,
    enabled: client.enabled,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
  };
}
