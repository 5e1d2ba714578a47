import { Injectable } from '@nestjs/common';
import { AccessControl, AuditLog, type Principal } from '@rapidauth/access';
import { ConnectorRegistry } from '@rapidauth/connectors';
import { AppSignatures } from '@rapidauth/devices';
import { IdentityMethods } from '@rapidauth/identity';
import { AdminUserEntity, ClientEntity, EnvironmentEntity, OrganizationEntity, RoleEntity } from '@rapidauth/database';
import { TenancyChanges } from '@rapidauth/tenancy';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { ImportConflictError, type ImportConflict } from '../http/admin.errors';
import { auditedBy, type RequestContext } from '../http/request-context';
import { readImport, type ValidImport } from './import-document';
import { ImportWriter, type ImportedOrganization } from './import-writer';
import type { ImportOrganizationDto } from './transfer-document.dto';

/** A dry run's answer: what a real run would create, or what stops it. */
export interface ImportPlan {
  dryRun: true;
  conflicts: ImportConflict[];
  plan: { apps: number; environments: number; authServices: number; clients: number; groups: number; authorities: number; appSignatures: number };
  missingSecrets: Array<{ ref: string; keys: string[] }>;
}

/**
 * Imports an organization from an export document (docs/admin-api.md#transfer): validate all,
 * then look for conflicts with this installation, then write everything in one transaction —
 * or, on a dry run, answer the plan. The importing admin owns the new organization.
 */
@Injectable()
export class OrganizationImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ConnectorRegistry,
    private readonly writer: ImportWriter,
    private readonly audit: AuditLog,
    private readonly access: AccessControl,
    private readonly changes: TenancyChanges,
    private readonly identityMethods: IdentityMethods,
    private readonly appSignatures: AppSignatures,
  ) {}

  async import(context: RequestContext, body: ImportOrganizationDto): Promise<ImportPlan | ImportedOrganization> {
    const roles = await this.dataSource.manager.find(RoleEntity, { select: { name: true } });
    const valid = readImport(body, this.registry, new Set(roles.map((role) => role.name)), { settings: this.identityMethods, signatures: this.appSignatures });
    const conflicts = await this.conflicts(context.principal, valid);
    if (body.dryRun) {
      return { dryRun: true, conflicts, plan: planOf(valid), missingSecrets: missingSecretsOf(valid) };
    }
    if (conflicts.length > 0) throw new ImportConflictError(conflicts);
    const imported = await this.write(context, valid);
    await this.changes.announce();
    return imported;
  }

  /** One transaction: a concurrent import that took a name or an id first makes this one a 409, with nothing written. */
  private async write(context: RequestContext, valid: ValidImport): Promise<ImportedOrganization> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const imported = await this.writer.write(manager, context.principal, valid);
        await this.audit.record(
          {
            ...auditedBy(context),
            action: 'organization.import',
            target: { type: 'organization', id: imported.organization.id },
            organizationId: imported.organization.id,
            details: { name: imported.organization.name, source: valid.document.source, clientIds: valid.clientIds, ...planOf(valid), missingSecrets: missingSecretsOf(valid) },
          },
          manager,
        );
        return imported;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        const found = await this.conflicts(context.principal, valid);
        throw new ImportConflictError(found.length > 0 ? found : [{ path: 'document', code: 'CONCURRENT_IMPORT', message: 'another change took a name or id of this import first' }]);
      }
      throw error;
    }
  }

  /**
   * What this installation already holds: the organization name, kept appKeys and clientIds. Admins
   * the authorities name must exist, and, as POST /v1/authorities requires, hold nothing the
   * importer lacks (no escalation among admins, docs/security.md#admin-privileges).
   */
  private async conflicts(importer: Principal, valid: ValidImport): Promise<ImportConflict[]> {
    const { document } = valid;
    const manager = this.dataSource.manager;
    const conflicts: ImportConflict[] = [];
    if ((await manager.countBy(OrganizationEntity, { name: valid.name })) > 0) {
      conflicts.push({ path: valid.name === document.organization.name ? 'document.organization.name' : 'name', code: 'NAME_TAKEN', message: `an organization named "${valid.name}" exists` });
    }
    if (valid.clientIds === 'keep') {
      const appKeys = document.environments.map((environment) => environment.appKey);
      const takenKeys = new Set((await manager.find(EnvironmentEntity, { select: { id: true, appKey: true }, where: { appKey: In(appKeys) } })).map((row) => row.appKey));
      document.environments.forEach((environment, index) => {
        if (takenKeys.has(environment.appKey)) {
          conflicts.push({ path: `document.environments.${index}.appKey`, code: 'APP_KEY_TAKEN', message: 'this appKey is in use here: import with clientIds "new"' });
        }
      });
      const clientIds = document.clients.map((client) => client.clientId);
      const takenIds = new Set((await manager.find(ClientEntity, { select: { id: true, clientId: true }, where: { clientId: In(clientIds) } })).map((row) => row.clientId));
      document.clients.forEach((client, index) => {
        if (takenIds.has(client.clientId)) {
          conflicts.push({ path: `document.clients.${index}.clientId`, code: 'CLIENT_ID_TAKEN', message: 'this clientId is in use here: import with clientIds "new"' });
        }
      });
    }
    const usernames = document.authorities.flatMap((authority) => (authority.principal.type === 'admin' ? [authority.principal.username!] : []));
    const admins = await manager.find(AdminUserEntity, { select: { id: true, username: true }, where: { username: In(usernames) } });
    const beyond = new Set<string>();
    for (const admin of admins) {
      const over = admin.id === importer.id || (await this.access.holdsAll(importer, await this.access.authorities({ type: 'admin', id: admin.id })));
      if (!over) beyond.add(admin.username);
    }
    const known = new Set(admins.map((admin) => admin.username));
    document.authorities.forEach((authority, index) => {
      if (authority.principal.type !== 'admin') return;
      const path = `document.authorities.${index}.principal.username`;
      if (!known.has(authority.principal.username!)) conflicts.push({ path, code: 'UNKNOWN_ADMIN', message: 'no admin of this installation has this username' });
      else if (beyond.has(authority.principal.username!)) {
        conflicts.push({ path, code: 'ADMIN_BEYOND_IMPORTER', message: 'this admin holds authorities you do not hold: leave the authority out, or import as an admin holding them' });
      }
    });
    return conflicts;
  }
}

function planOf({ document }: ValidImport): ImportPlan['plan'] {
  return {
    apps: document.apps.length,
    environments: document.environments.length,
    authServices: document.authServices.length,
    clients: document.clients.length,
    groups: document.groups.length,
    authorities: document.authorities.length,
    appSignatures: document.appSignatures?.length ?? 0,
  };
}

/** Services, then environments (`customToken.secret`): the names of the secrets the document omitted and `secrets` did not give. */
function missingSecretsOf(valid: ValidImport): ImportPlan['missingSecrets'] {
  const services = valid.services.map((service) => ({ ref: service.document.ref, keys: service.missingSecrets }));
  const environments = valid.environments.map((environment, index) => ({ ref: valid.document.environments[index].ref, keys: environment.missingSecrets }));
  return [...services, ...environments].filter((missing) => missing.keys.length > 0);
}
