import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@rapidauth/access';
import { ServiceConnectors } from '@rapidauth/connectors';
import {
  AdminGroupEntity,
  AdminUserEntity,
  AppEntity,
  AuthorityEntity,
  AuthServiceEntity,
  ClientEntity,
  DataLinkEntity,
  EnvironmentEntity,
  EnvironmentServiceEntity,
  OrganizationEntity,
  RoleEntity,
} from '@rapidauth/database';
import { clientSettings, randomId } from '@rapidauth/tenancy';
import { AppSignatures } from '@rapidauth/devices';
import { IdentityMethods } from '@rapidauth/identity';
import { SecretHasher } from '@rapidauth/vault';
import type { EntityManager } from 'typeorm';
import type { ValidImport } from './import-document';
import type { AuthorityDocument } from './transfer-document.dto';

/** A real import's answer: every secret newly issued and shown only here; only their hashes are kept. */
export interface ImportedOrganization {
  organization: { id: string; name: string; clientId: string; clientSecret: string };
  environments: Array<{ ref: string; id: string; appKey: string; appSecret: string; missingSecrets: string[] }>;
  clients: Array<{ ref: string; id: string; clientId: string; clientSecret?: string }>;
  authServices: Array<{ ref: string; id: string; name: string; type: string; enabled: boolean; missingSecrets: string[] }>;
  /** Each signature's OCRA key in hex: the one `secrets` gave, or a new one the app builds must be given. */
  appSignatures: Array<{ ref: string; id: string; secret: string }>;
}

/**
 * Writes a validated import through one EntityManager (the caller's transaction), in dependency
 * order. Secrets are issued as the create routes issue them (SecretHasher) and connector secrets
 * sealed as POST /v1/auth-services seals them (ServiceConnectors); identity-method settings are
 * stored as PATCH stores them (IdentityMethods); app signature keys sealed as their create route
 * seals them (AppSignatures).
 */
@Injectable()
export class ImportWriter {
  constructor(
    private readonly hasher: SecretHasher,
    private readonly connectors: ServiceConnectors,
    private readonly identityMethods: IdentityMethods,
    private readonly appSignatures: AppSignatures,
  ) {}

  async write(manager: EntityManager, importer: Principal, valid: ValidImport): Promise<ImportedOrganization> {
    const { document } = valid;
    const idOf = new Map<string, string>();
    const id = (ref: string) => idOf.get(ref)!;
    const fresh = (prefix: string, kept: string) => (valid.clientIds === 'keep' ? kept : `${prefix}_${randomId()}`);

    const clientSecret = SecretHasher.generate();
    const organization = await manager.save(
      manager.create(OrganizationEntity, {
        name: valid.name,
        displayName: document.organization.displayName,
        clientId: `org_${randomId()}`,
        clientSecretHash: this.hasher.hash(clientSecret),
      }),
    );

    for (const app of document.apps) {
      const saved = await manager.save(manager.create(AppEntity, { organizationId: organization.id, name: app.name, displayName: app.displayName ?? app.name }));
      idOf.set(app.ref, saved.id);
    }

    const environments: ImportedOrganization['environments'] = [];
    for (const [index, environment] of document.environments.entries()) {
      const appSecret = SecretHasher.generate();
      const saved = await manager.save(
        manager.create(EnvironmentEntity, {
          appId: id(environment.app),
          organizationId: organization.id,
          name: environment.name,
          appKey: fresh('ak', environment.appKey),
          appSecretHash: this.hasher.hash(appSecret),
          customScopes: [...new Set(environment.customScopes ?? [])],
          usergridCompatibility: environment.usergridCompatibility,
        }),
      );
      idOf.set(environment.ref, saved.id);
      const { planned, missingSecrets } = valid.environments[index];
      if (planned) await this.identityMethods.writeImported(manager, saved.id, planned);
      environments.push({ ref: environment.ref, id: saved.id, appKey: saved.appKey, appSecret, missingSecrets });
    }

    const authServices: ImportedOrganization['authServices'] = [];
    for (const { document: service, validated, missingSecrets, lacksRequiredSecret } of valid.services) {
      const serviceId = randomUUID();
      const saved = await manager.save(
        manager.create(AuthServiceEntity, {
          id: serviceId,
          organizationId: organization.id,
          environmentId: service.scope.environment ? id(service.scope.environment) : null,
          name: service.name,
          description: service.description ?? null,
          type: service.type,
          // The built-in service is stored as its environment's creation stores it: the config as given (validated above).
          config: service.type === 'local' ? structuredClone(service.config) : validated.config,
          encryptedSecrets: this.connectors.sealSecrets(serviceId, validated.secrets),
          // Without a required secret it could not sign anyone in: an admin gives it, then enables it.
          enabled: service.enabled && !lacksRequiredSecret,
        }),
      );
      idOf.set(service.ref, saved.id);
      authServices.push({ ref: service.ref, id: saved.id, name: saved.name, type: saved.type, enabled: saved.enabled, missingSecrets });
    }

    for (const environment of document.environments) {
      const environmentId = id(environment.ref);
      const { enabledServices, defaultService } = environment.identity;
      await manager.insert(EnvironmentServiceEntity, enabledServices.map((ref) => ({ environmentId, authServiceId: id(ref) })));
      await manager.update(EnvironmentEntity, { id: environmentId }, { defaultServiceId: id(defaultService!) });
    }
    for (const app of document.apps) {
      if (app.defaultEnvironment) await manager.update(AppEntity, { id: id(app.ref) }, { defaultEnvironmentId: id(app.defaultEnvironment) });
    }

    const clients: ImportedOrganization['clients'] = [];
    for (const client of document.clients) {
      const settings = clientSettings({ ...client, environmentId: client.environment });
      const secret = settings.type === 'confidential' ? SecretHasher.generate() : undefined;
      const saved = await manager.save(
        manager.create(ClientEntity, {
          ...settings,
          environmentId: id(client.environment),
          clientId: fresh('cl', client.clientId),
          kind: 'registered',
          secretHash: secret ? this.hasher.hash(secret) : null,
          enabled: !client.disabled,
        }),
      );
      clients.push({ ref: client.ref, id: saved.id, clientId: saved.clientId, ...(secret && { clientSecret: secret }) });
    }

    for (const group of document.groups) {
      const saved = await manager.save(
        manager.create(AdminGroupEntity, { organizationId: organization.id, name: group.name, description: group.description ?? null, createdBy: importer.id }),
      );
      idOf.set(group.ref, saved.id);
    }

    await this.writeAuthorities(manager, importer, organization, document.authorities, id);

    for (const link of document.dataLinks ?? []) {
      await manager.insert(DataLinkEntity, {
        environmentId: id(link.environment),
        name: link.name,
        backendUrl: link.backendUrl,
        authServiceId: id(link.authService),
        timeoutMs: link.timeoutMs,
        enabled: link.enabled,
      });
    }

    const appSignatures: ImportedOrganization['appSignatures'] = [];
    for (const { document: signature, checked } of valid.signatures) {
      const { signature: saved, secret } = await this.appSignatures.writeImported(manager, id(signature.environment), checked);
      appSignatures.push({ ref: signature.ref, id: saved.id, secret });
    }

    return {
      organization: { id: organization.id, name: organization.name, clientId: organization.clientId, clientSecret },
      environments,
      clients,
      authServices,
      appSignatures,
    };
  }

  /** The importer owns the organization, as with POST /v1/organizations; the document's authorities follow, the same one once. */
  private async writeAuthorities(
    manager: EntityManager,
    importer: Principal,
    organization: OrganizationEntity,
    authorities: readonly AuthorityDocument[],
    id: (ref: string) => string,
  ): Promise<void> {
    const roleId = new Map((await manager.find(RoleEntity, { select: { id: true, name: true } })).map((role) => [role.name, role.id]));
    const usernames = authorities.flatMap((authority) => (authority.principal.type === 'admin' ? [authority.principal.username!] : []));
    const adminId = new Map(
      (usernames.length > 0 ? await manager.find(AdminUserEntity, { select: { id: true, username: true }, where: usernames.map((username) => ({ username })) }) : []).map(
        (admin) => [admin.username, admin.id],
      ),
    );
    const rows = authorities.map((authority) => ({
      principalType: authority.principal.type,
      principalId:
        authority.principal.type === 'group'
          ? id(authority.principal.ref!)
          : authority.principal.type === 'admin'
            ? adminId.get(authority.principal.username!)!
            : organization.clientId,
      roleId: roleId.get(authority.role)!,
      targetType: authority.target.type,
      targetId: authority.target.type === 'organization' ? organization.id : id(authority.target.ref!),
      createdBy: importer.id,
    }));
    if (importer.type === 'admin') {
      rows.unshift({ principalType: 'admin', principalId: importer.id, roleId: roleId.get('owner')!, targetType: 'organization', targetId: organization.id, createdBy: importer.id });
    }
    const distinct = [...new Map(rows.map((row) => [[row.principalType, row.principalId, row.roleId, row.targetType, row.targetId].join(' '), row])).values()];
    if (distinct.length > 0) await manager.insert(AuthorityEntity, distinct);
  }
}
