import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { ServiceConnectors } from '@rapidauth/connectors';
import {
  AdminGroupEntity,
  AdminUserEntity,
  AppEntity,
  AppSignatureEntity,
  AuthorityEntity,
  AuthServiceEntity,
  ClientEntity,
  DataLinkEntity,
  EnvironmentEntity,
  EnvironmentServiceEntity,
  OrganizationEntity,
} from '@rapidauth/database';
import { APP_SIGNATURE_SECRET } from '@rapidauth/devices';
import { CUSTOM_TOKEN_SECRET, IdentityMethods } from '@rapidauth/identity';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AdminResource, AdminResources } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import { ORGANIZATION_RESOURCE } from '../organizations/organizations.service';
import { EXPORT_FORMAT, EXPORT_VERSION, OMITTED } from './transfer-document.dto';
import type { ExportedAuthority, OrganizationDocument } from './transfer-document';

/**
 * Writes an organization's configuration as a version-1 document (docs/admin-api.md#transfer):
 * objects carry their id as `ref`. Fields are mapped one by one, so no secret or hash joins it; of
 * connector, custom-token and app-signature secrets only the names of the set ones (`secretsOmitted`).
 * Device clients are data, made by registration: only registered clients are listed.
 */
@Injectable()
export class OrganizationExportService {
  private readonly organizations: AdminResource<OrganizationEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connectors: ServiceConnectors,
    private readonly identityMethods: IdentityMethods,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    resources: AdminResources,
  ) {
    this.organizations = resources.of(ORGANIZATION_RESOURCE);
  }

  async export(context: RequestContext, id: string): Promise<OrganizationDocument> {
    const organization = await this.organizations.find(id);
    // One snapshot: the document never mixes states of a concurrent change.
    const document = await this.dataSource.transaction('REPEATABLE READ', (manager) => this.read(manager, organization));
    await this.organizations.record(context, 'organization.export', organization, {
      apps: document.apps.length,
      environments: document.environments.length,
      authServices: document.authServices.length,
      clients: document.clients.length,
      appSignatures: document.appSignatures.length,
    });
    return document;
  }

  private async read(manager: EntityManager, organization: OrganizationEntity): Promise<OrganizationDocument> {
    const organizationId = organization.id;
    const apps = await manager.find(AppEntity, { where: { organizationId }, order: { name: 'ASC' } });
    const environments = sortedBy(await manager.find(EnvironmentEntity, { where: { organizationId } }), (environment) => [appName(apps, environment.appId), environment.name]);
    const environmentIds = environments.map((environment) => environment.id);
    const services = sortedBy(await manager.find(AuthServiceEntity, { where: { organizationId } }), (service) => [
      service.environmentId ? environmentIds.indexOf(service.environmentId).toString().padStart(6, '0') : '',
      service.type === 'local' ? '' : service.name,
      service.type,
    ]);
    const links = await manager.find(EnvironmentServiceEntity, { where: { environmentId: In(environmentIds) } });
    const clients = sortedBy(await manager.find(ClientEntity, { where: { environmentId: In(environmentIds), kind: 'registered' } }), (client) => [
      environmentIds.indexOf(client.environmentId).toString().padStart(6, '0'),
      client.name,
      client.clientId,
    ]);
    const groups = await manager.find(AdminGroupEntity, { where: { organizationId }, order: { name: 'ASC' } });
    const dataLinks = sortedBy(await manager.find(DataLinkEntity, { where: { environmentId: In(environmentIds) } }), (link) => [
      environmentIds.indexOf(link.environmentId).toString().padStart(6, '0'),
      link.name,
    ]);
    const signatures = sortedBy(await manager.find(AppSignatureEntity, { where: { environmentId: In(environmentIds) } }), (signature) => [
      environmentIds.indexOf(signature.environmentId).toString().padStart(6, '0'),
      signature.identifier,
      signature.platform,
      signature.version,
    ]);
    const serviceOrder = services.map((service) => service.id);
    const methods = await this.identityMethods.forExport(manager, environmentIds);
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      source: { issuer: this.config.publicUrl, organizationId },
      organization: { name: organization.name, displayName: organization.displayName },
      apps: apps.map((app) => ({ ref: app.id, name: app.name, displayName: app.displayName, defaultEnvironment: app.defaultEnvironmentId })),
      environments: environments.map((environment) => {
        const identityMethods = methods.get(environment.id)!;
        return {
          ref: environment.id,
          app: environment.appId,
          name: environment.name,
          appKey: environment.appKey,
          customScopes: environment.customScopes,
          usergridCompatibility: environment.usergridCompatibility,
          identity: {
            enabledServices: sortedBy(
              links.filter((link) => link.environmentId === environment.id).map((link) => link.authServiceId),
              (serviceId) => [serviceOrder.indexOf(serviceId).toString().padStart(6, '0')],
            ),
            defaultService: environment.defaultServiceId,
          },
          identityMethods,
          secretsOmitted: identityMethods.customToken.secretSet ? [CUSTOM_TOKEN_SECRET] : [],
        };
      }),
      authServices: services.map((service) => ({
        ref: service.id,
        scope: service.environmentId ? { environment: service.environmentId } : { organization: true as const },
        name: service.name,
        description: service.description,
        type: service.type,
        enabled: service.enabled,
        config: service.config,
        secretsOmitted: Object.keys(this.connectors.openSecrets(service)).sort(),
      })),
      clients: clients.map((client) => ({
        ref: client.id,
        environment: client.environmentId,
        clientId: client.clientId,
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
        dpopBoundAccessTokens: client.dpopBoundAccessTokens,
        dpopNonceRequired: client.dpopNonceRequired,
        disabled: !client.enabled,
      })),
      groups: groups.map((group) => ({ ref: group.id, name: group.name, description: group.description })),
      authorities: await this.authorities(manager, organization, apps, environments, groups),
      dataLinks: dataLinks.map((link) => ({
        ref: link.id,
        environment: link.environmentId,
        name: link.name,
        backendUrl: link.backendUrl,
        authService: link.authServiceId,
        timeoutMs: link.timeoutMs,
        enabled: link.enabled,
      })),
      appSignatures: signatures.map((signature) => ({
        ref: signature.id,
        environment: signature.environmentId,
        identifier: signature.identifier,
        version: signature.version,
        platform: signature.platform,
        ocraSuite: signature.ocraSuite,
        redirectUris: signature.redirectUris,
        scopes: signature.scopes,
        pinMaxAttempts: signature.pinMaxAttempts,
        pinMinLength: signature.pinMinLength,
        dpop: signature.dpop,
        clientSecretTtlSeconds: signature.clientSecretTtlSeconds,
        enabled: signature.enabled,
        secretsOmitted: [APP_SIGNATURE_SECRET],
      })),
      omitted: [...OMITTED],
    };
  }

  /**
   * Authorities on the organization and what is beneath it, whose principal means the same after an
   * import: its own groups, its own organization client, admins (by username). Others (another
   * organization's client, platform groups) are left out.
   */
  private async authorities(
    manager: EntityManager,
    organization: OrganizationEntity,
    apps: readonly AppEntity[],
    environments: readonly EnvironmentEntity[],
    groups: readonly AdminGroupEntity[],
  ): Promise<ExportedAuthority[]> {
    const targets = new Map<string, ExportedAuthority['target']>([
      [organization.id, { type: 'organization' }],
      ...apps.map((app) => [app.id, { type: 'app' as const, ref: app.id }] as const),
      ...environments.map((environment) => [environment.id, { type: 'environment' as const, ref: environment.id }] as const),
    ]);
    const rows = await manager.find(AuthorityEntity, { where: { targetId: In([...targets.keys()]) }, relations: { role: true } });
    const adminIds = rows.filter((row) => row.principalType === 'admin').map((row) => row.principalId);
    const admins = await manager.find(AdminUserEntity, { select: { id: true, username: true }, where: { id: In(adminIds) } });
    const exported = rows.flatMap((row): ExportedAuthority[] => {
      const target = targets.get(row.targetId!);
      if (!target || row.targetType !== target.type) return [];
      const principal = principalOf(row, organization, groups, admins);
      return principal ? [{ principal, role: row.role!.name, target }] : [];
    });
    const nameOf = new Map<string, string>([...apps, ...environments, ...groups].map((row) => [row.id, row.name]));
    const label = (part: { type: string; ref?: string; username?: string }) => `${part.type} ${part.username ?? nameOf.get(part.ref ?? '') ?? ''}`;
    return sortedBy(exported, (authority) => [label(authority.principal), authority.role, label(authority.target)]);
  }
}

function principalOf(
  row: AuthorityEntity,
  organization: OrganizationEntity,
  groups: readonly AdminGroupEntity[],
  admins: readonly AdminUserEntity[],
): ExportedAuthority['principal'] | undefined {
  if (row.principalType === 'group') return groups.some((group) => group.id === row.principalId) ? { type: 'group', ref: row.principalId } : undefined;
  if (row.principalType === 'organization-client') return row.principalId === organization.clientId ? { type: 'organization-client' } : undefined;
  const admin = admins.find((candidate) => candidate.id === row.principalId);
  return admin ? { type: 'admin', username: admin.username } : undefined;
}

function appName(apps: readonly AppEntity[], appId: string): string {
  return apps.find((app) => app.id === appId)?.name ?? '';
}

/** Stable order by natural keys, so that exporting an imported organization lists objects alike. */
function sortedBy<T>(items: readonly T[], key: (item: T) => string[]): T[] {
  const compare = (a: string[], b: string[]) => {
    for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index] < b[index] ? -1 : 1;
    return 0;
  };
  return [...items].sort((a, b) => compare(key(a), key(b)));
}
