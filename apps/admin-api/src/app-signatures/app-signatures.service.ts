import { Injectable } from '@nestjs/common';
import { AppSignatureEntity } from '@rapidauth/database';
import { AppSignatures } from '@rapidauth/devices';
import { TenancyChanges } from '@rapidauth/tenancy';
import { DataSource } from 'typeorm';
import { AdminResource, AdminResources, organizationOfEnvironment, type ResourceKind } from '../http/admin-resource';
import { changes } from '../http/changes';
import { listPage, type ListQueryDto, type ListResponse } from '../http/list-query.dto';
import type { RequestContext } from '../http/request-context';
import type { AppSignatureDto, AppSignatureWithSecretDto, CreateAppSignatureDto, RevokedDevicesDto, UpdateAppSignatureDto } from './app-signatures.dto';

const APP_SIGNATURE_RESOURCE: ResourceKind<AppSignatureEntity> = {
  entity: AppSignatureEntity,
  name: 'app signature',
  auditType: 'app-signature',
  organizationOf: (signature, manager) => organizationOfEnvironment(manager, signature.environmentId),
  auditDetails: (signature) => ({ identifier: signature.identifier, version: signature.version, platform: signature.platform, environmentId: signature.environmentId }),
};

/**
 * App signatures of an environment (docs/admin-api.md#app-signatures). Revoking devices disables
 * clients: announced (TenancyChanges) so every gateway drops the clients it keeps.
 */
@Injectable()
export class AppSignaturesService {
  private readonly resource: AdminResource<AppSignatureEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly signatures: AppSignatures,
    private readonly changes: TenancyChanges,
    resources: AdminResources,
  ) {
    this.resource = resources.of(APP_SIGNATURE_RESOURCE);
  }

  async create(context: RequestContext, environmentId: string, input: CreateAppSignatureDto): Promise<AppSignatureWithSecretDto> {
    const { signature, secret } = await this.signatures.create(environmentId, input);
    await this.resource.record(context, 'app_signature.create', signature, { ocraSuite: signature.ocraSuite, secretGenerated: input.secret === undefined });
    return { ...toDto(signature), secret };
  }

  list(environmentId: string, query: ListQueryDto): Promise<ListResponse<AppSignatureDto>> {
    return listPage(this.dataSource.manager, AppSignatureEntity, { where: { environmentId }, sortBy: 'identifier' }, query, toDto);
  }

  async get(id: string): Promise<AppSignatureDto> {
    return toDto(await this.resource.find(id));
  }

  async update(context: RequestContext, id: string, input: UpdateAppSignatureDto): Promise<AppSignatureDto> {
    const changed = changes(input);
    const saved = await this.signatures.update(await this.resource.find(id), changed);
    await this.resource.record(context, 'app_signature.update', saved, { fields: Object.keys(changed) });
    return toDto(saved);
  }

  async revokeDevices(context: RequestContext, id: string): Promise<RevokedDevicesDto> {
    const signature = await this.resource.find(id);
    const revoked = await this.signatures.revokeDevices(signature.id);
    await this.changes.announce();
    await this.resource.record(context, 'app_signature.revoke_devices', signature, { ...revoked });
    return { ...revoked };
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    const signature = await this.resource.find(id);
    const revoked = await this.signatures.delete(signature.id);
    await this.changes.announce();
    await this.resource.record(context, 'app_signature.delete', signature, { ...revoked });
  }
}

/** Explicit mapping: the sealed key never leaves the service, only whether there is one. */
function toDto(signature: AppSignatureEntity): AppSignatureDto {
  return {
    id: signature.id,
    environmentId: signature.environmentId,
    identifier: signature.identifier,
    version: signature.version,
    platform: signature.platform,
    ocraSuite: signature.ocraSuite,
    secretSet: signature.secretSealed.length > 0,
    redirectUris: signature.redirectUris,
    scopes: signature.scopes,
    pinMaxAttempts: signature.pinMaxAttempts,
    pinMinLength: signature.pinMinLength,
    dpop: signature.dpop,
    clientSecretTtlSeconds: signature.clientSecretTtlSeconds,
    enabled: signature.enabled,
    createdAt: signature.createdAt,
    updatedAt: signature.updatedAt,
  };
}
