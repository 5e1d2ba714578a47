import { AuthServiceEntity, EnvironmentServiceEntity, type Database } from '@rapidauth/database';
import type { TenancyChanges } from '@rapidauth/tenancy';
import { SharedServiceAcceptance } from '../../../libs/oauth/src/introspection/shared-service-acceptance';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createTenant, provisionerOn } from '../../support/tenant';

/**
 * Which environments accept a token, by where it was issued (`env`) and through which service
 * (`svc`): its own, and those of its organization enabling the organization-scoped service; the
 * answers cached until TenancyChanges says something changed.
 */
describe.each(BACKENDS)('shared service acceptance (%s)', (_label, kind) => {
  let database: Database;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let sibling: string;
  let foreign: string;
  let shared: string;
  let ownOnly: string;
  let announceChange: () => void;

  const acceptance = async () => {
    const changes = { subscribe: async (handler: () => void) => void (announceChange = handler) } as unknown as TenancyChanges;
    const created = new SharedServiceAcceptance(database.dataSource, changes);
    await created.start();
    return created;
  };
  const service = async (fields: Partial<AuthServiceEntity>) =>
    (
      await database.dataSource.manager.save(
        database.dataSource.manager.create(AuthServiceEntity, { organizationId: tenant.organization.id, name: 'svc', type: 'custom', config: {}, ...fields }),
      )
    ).id;
  const enable = (environmentId: string, authServiceId: string) =>
    database.dataSource.manager.save(database.dataSource.manager.create(EnvironmentServiceEntity, { environmentId, authServiceId }));

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    const provisioner = provisionerOn(database.dataSource);
    tenant = await createTenant(provisioner);
    const app = await provisioner.createApp({ organizationId: tenant.organization.id, name: 'second-app' });
    sibling = (await provisioner.createEnvironment({ appId: app.id, name: 'production' })).environment.id;
    foreign = (await createTenant(provisioner)).environment.id;
    shared = await service({ environmentId: null });
    ownOnly = await service({ environmentId: tenant.environment.id });
    for (const environmentId of [tenant.environment.id, sibling, foreign]) await enable(environmentId, shared);
    await enable(sibling, ownOnly);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('accepts a token in its own environment, and one of an organization-scoped service in a sibling that enables it', async () => {
    const check = await acceptance();
    expect(await check.accepts({ env: tenant.environment.id, svc: ownOnly }, tenant.environment.id)).toBe(true);
    expect(await check.accepts({ env: tenant.environment.id, svc: shared }, sibling)).toBe(true);
  });

  it('refuses an environment-scoped service elsewhere, another organization, and tokens without env or svc', async () => {
    const check = await acceptance();
    expect(await check.accepts({ env: tenant.environment.id, svc: ownOnly }, sibling)).toBe(false);
    expect(await check.accepts({ env: tenant.environment.id, svc: shared }, foreign)).toBe(false);
    expect(await check.accepts({ svc: shared }, sibling)).toBe(false);
    expect(await check.accepts({ env: tenant.environment.id }, sibling)).toBe(false);
    expect(await check.accepts({ env: tenant.environment.id, svc: 'not-a-uuid' }, sibling)).toBe(false);
  });

  it('keeps its answer until a tenancy change, then sees the service disabled', async () => {
    const check = await acceptance();
    expect(await check.accepts({ env: tenant.environment.id, svc: shared }, sibling)).toBe(true);
    await database.dataSource.manager.update(AuthServiceEntity, { id: shared }, { enabled: false });
    expect(await check.accepts({ env: tenant.environment.id, svc: shared }, sibling)).toBe(true);
    announceChange();
    expect(await check.accepts({ env: tenant.environment.id, svc: shared }, sibling)).toBe(false);
    await database.dataSource.manager.update(AuthServiceEntity, { id: shared }, { enabled: true });
  });
});
