import { BadRequestException, Injectable } from '@nestjs/common';
import { AccessControl, permits, type Principal } from '@rapidauth/access';
import { AuthenticationGrantEntity } from '@rapidauth/database';
import { AuthenticationGrants, type GrantVisibility } from '@rapidauth/grants';
import { PermissionCheck } from '../auth/permission-check';
import { changes } from '../http/changes';
import type { ListResponse } from '../http/list-query.dto';
import { AdminResource, AdminResources, type ResourceKind } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type {
  AuthenticationGrantDto,
  AuthenticationGrantListDto,
  AuthenticationGrantQueryDto,
  AuthenticationGrantWithSecretDto,
  CreateAuthenticationGrantDto,
  UpdateAuthenticationGrantDto,
} from './authentication-grants.dto';

/** Found through AuthenticationGrants (its own errors); audited here, by key, never with the secret. */
const GRANT_RESOURCE: ResourceKind<AuthenticationGrantEntity> = {
  entity: AuthenticationGrantEntity,
  name: 'grant',
  auditType: 'grant',
  organizationOf: (grant) => grant.organizationId,
  auditDetails: (grant) => ({ key: grant.key }),
};

/** Authentication grants over the admin API; every change is audited, never with the secret. */
@Injectable()
export class AuthenticationGrantsService {
  private readonly grantResource: AdminResource<AuthenticationGrantEntity>;

  constructor(
    private readonly authenticationGrants: AuthenticationGrants,
    private readonly access: AccessControl,
    private readonly permissions: PermissionCheck,
    resources: AdminResources,
  ) {
    this.grantResource = resources.of(GRANT_RESOURCE);
  }

  async create(context: RequestContext, input: CreateAuthenticationGrantDto): Promise<AuthenticationGrantWithSecretDto> {
    const principalDomainId = domainOf(input);
    // Before the principal and client are looked at, so nothing about an unreadable environment leaks.
    const environment = await this.authenticationGrants.principalDomain(principalDomainId);
    await this.permissions.require(context.principal, 'grants:write', { type: 'environment', id: environment.id });
    const { grant, secret } = await this.authenticationGrants.create({
      principalDomainId,
      principalId: input.principalId,
      clientId: input.clientId,
      title: input.title,
      description: input.description,
      enabled: input.enabled,
      allowOpenDriverAuthentication: input.allowOpenDriverAuthentication,
      createdBy: context.principal.id,
    });
    await this.grantResource.record(context, 'grant.create', grant, {
      title: grant.title,
      principalDomainId,
      principalId: grant.principalId,
      clientId: grant.clientId,
      enabled: grant.enabled,
      allowOpenDriverAuthentication: grant.allowOpenDriverAuthentication,
    });
    return { ...toDto(grant), secret };
  }

  async get(id: string): Promise<AuthenticationGrantDto> {
    return toDto(await this.authenticationGrants.get(id));
  }

  list(principal: Principal, input: AuthenticationGrantListDto): Promise<ListResponse<AuthenticationGrantDto>> {
    return this.page(principal, { ...input, sort: input.sort ?? { createdAt: input.order === 'desc' ? -1 : 1 } });
  }

  query(principal: Principal, input: AuthenticationGrantQueryDto): Promise<ListResponse<AuthenticationGrantDto>> {
    return this.page(principal, input);
  }

  async update(context: RequestContext, id: string, input: UpdateAuthenticationGrantDto): Promise<AuthenticationGrantDto> {
    const changed = changes(input);
    const { grant, revokedLogins } = await this.authenticationGrants.update(id, changed);
    await this.grantResource.record(context, 'grant.update', grant, { fields: Object.keys(changed) });
    if (changed.enabled !== undefined) await this.grantResource.record(context, changed.enabled ? 'grant.enable' : 'grant.disable', grant, { revokedLogins });
    return toDto(grant);
  }

  async disable(context: RequestContext, id: string): Promise<AuthenticationGrantDto> {
    const { grant, revokedLogins } = await this.authenticationGrants.disable(id);
    await this.grantResource.record(context, 'grant.disable', grant, { revokedLogins });
    return toDto(grant);
  }

  async enable(context: RequestContext, id: string): Promise<AuthenticationGrantDto> {
    const grant = await this.authenticationGrants.enable(id);
    await this.grantResource.record(context, 'grant.enable', grant, {});
    return toDto(grant);
  }

  async rotate(context: RequestContext, id: string): Promise<AuthenticationGrantWithSecretDto> {
    const { grant, secret, revokedLogins } = await this.authenticationGrants.rotate(id);
    await this.grantResource.record(context, 'grant.rotate', grant, { revokedLogins });
    return { ...toDto(grant), secret };
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    const { grant, revokedLogins } = await this.authenticationGrants.delete(id);
    await this.grantResource.record(context, 'grant.delete', grant, { revokedLogins });
  }

  private async page(principal: Principal, input: { limit: number; skip: number; sort?: unknown; query?: unknown }) {
    const { total, rows } = await this.authenticationGrants.list(await this.visibility(principal), input);
    return { total, limit: input.limit, skip: input.skip, rows: rows.map(toDto) };
  }

  /** Rows filtered by the caller's authorities: wherever it holds grants:read. */
  private async visibility(principal: Principal): Promise<GrantVisibility> {
    const authorities = (await this.access.authorities(principal)).filter((authority) => permits(authority.permissions, 'grants:read'));
    if (authorities.some((authority) => authority.targetType === 'platform')) return 'all';
    const on = (type: string) => authorities.filter((a) => a.targetType === type && a.targetId).map((a) => a.targetId!);
    return { organizationIds: on('organization'), appIds: on('app'), environmentIds: on('environment') };
  }
}

/** `domainPrincipalId` is an accepted second spelling (docs/admin-api.md#routes); both may be sent only when they agree. */
function domainOf(input: CreateAuthenticationGrantDto): string {
  const { principalDomainId, domainPrincipalId } = input;
  if (principalDomainId !== undefined && domainPrincipalId !== undefined && principalDomainId !== domainPrincipalId) {
    throw new BadRequestException({
      fields: [{ field: 'domainPrincipalId', message: 'domainPrincipalId is an alias of principalDomainId: send one, or the same value' }],
    });
  }
  return (principalDomainId ?? domainPrincipalId)!;
}

/** Explicit mapping: the secret's hash never leaves the service. */
function toDto(grant: AuthenticationGrantEntity): AuthenticationGrantDto {
  return {
    id: grant.id,
    key: grant.key,
    title: grant.title,
    description: grant.description,
    principalDomainId: grant.environmentId,
    principalId: grant.principalId,
    clientId: grant.clientId,
    allowOpenDriverAuthentication: grant.allowOpenDriverAuthentication,
    enabled: grant.enabled,
    organizationId: grant.organizationId,
    createdBy: grant.createdBy,
    createdAt: grant.createdAt,
    updatedAt: grant.updatedAt,
  };
}
