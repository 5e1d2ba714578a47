import { randomUUID } from 'node:crypto';
import { AuditLog } from '@rapidauth/access';
import {
  AppEntity,
  AuditEventEntity,
  ClientEntity,
  EnvironmentEntity,
  OrganizationEntity,
  type Database,
} from '@rapidauth/database';
import { CLIENT_RESOURCE } from '../../../apps/admin-api/src/clients/clients.service';
import { AdminResources } from '../../../apps/admin-api/src/http/admin-resource';
import { ORGANIZATION_RESOURCE } from '../../../apps/admin-api/src/organizations/organizations.service';
import type { RequestContext } from '../../../apps/admin-api/src/http/request-context';
import { createFixtureGraph } from '../../support/fixture-graph';
import { openMigratedDatabase } from '../../support/migrated-database';

/** The helper with the kinds the services declare. */
describe('AdminResource (PostgreSQL)', () => {
  let database: Database;
  let resources: AdminResources;
  let organization: OrganizationEntity;
  let client: ClientEntity;
  const context: RequestContext = { principal: { type: 'admin', id: randomUUID() }, ip: '192.0.2.7', userAgent: 'jest' };

  beforeAll(async () => {
    database = await openMigratedDatabase('postgres');
    const graph = await createFixtureGraph(database.dataSource.manager);
    organization = graph.OrganizationEntity as OrganizationEntity;
    client = graph.ClientEntity as ClientEntity;
    resources = new AdminResources(database.dataSource, new AuditLog(database.dataSource));
  });

  afterAll(() => database?.close());

  it('finds a row by id, and answers NOT_FOUND (naming the field, when given) for an unknown id', async () => {
    const organizations = resources.of(ORGANIZATION_RESOURCE);
    expect((await organizations.find(organization.id)).id).toBe(organization.id);
    await expect(organizations.find(randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND', field: undefined });
    await expect(organizations.find(randomUUID(), 'organizationId')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'organizationId' });
  });

  it("records who did what to the resource, in its organization's log, with its identifying details", async () => {
    await resources.of(CLIENT_RESOURCE).record(context, 'client.update', client, { fields: ['name'] });
    const event = await database.dataSource.manager.findOneByOrFail(AuditEventEntity, { action: 'client.update', targetId: client.id });
    const environment = await database.dataSource.manager.findOneByOrFail(EnvironmentEntity, { id: client.environmentId });
    expect(event).toMatchObject({
      actorType: 'admin',
      actorId: context.principal.id,
      targetType: 'client',
      organizationId: environment.organizationId,
      outcome: 'success',
      ip: '192.0.2.7',
      details: { fields: ['name'], clientId: client.clientId },
    });
  });

  it('refuses to delete a parent with children (NOT_EMPTY) unless cascading', async () => {
    const organizations = resources.of(ORGANIZATION_RESOURCE);
    expect(await database.dataSource.manager.countBy(AppEntity, { organizationId: organization.id })).toBeGreaterThan(0);
    await expect(organizations.refuseDeleteWhileChildren(false, AppEntity, { organizationId: organization.id }, 'app')).rejects.toMatchObject({ code: 'NOT_EMPTY' });
    await expect(organizations.refuseDeleteWhileChildren(true, AppEntity, { organizationId: organization.id }, 'app')).resolves.toBeUndefined();
    await expect(organizations.refuseDeleteWhileChildren(false, AppEntity, { organizationId: randomUUID() }, 'app')).resolves.toBeUndefined();
  });
});
