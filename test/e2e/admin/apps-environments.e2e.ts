import { AdminUserEntity, AuthorityEntity, RoleEntity } from '@rapidauth/database';
import { hashPassword } from '@rapidauth/identity';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { basicAuth, postForm } from '../../support/requests';

/** Apps and environments over the admin API, and what each built-in role may do with them. */
describe('admin API: apps and environments', () => {
  let testbed: AdminTestbed;
  let organizationId: string;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const ccToken = (appKey: string, secret: string, scope?: string) =>
    postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials', ...(scope && { scope }) }, basicAuth(appKey, secret));
  /** An admin holding one built-in role on the organization. */
  const adminWithRole = async (role: string) => {
    const manager = testbed.gateway.running.runtime.database.dataSource.manager;
    const username = `${role}-${Math.random().toString(36).slice(2, 8)}`;
    const admin = await manager.save(manager.create(AdminUserEntity, { username, passwordHash: await hashPassword('role password ok') }));
    const { id: roleId } = await manager.findOneByOrFail(RoleEntity, { name: role });
    await manager.insert(AuthorityEntity, { principalType: 'admin', principalId: admin.id, roleId, targetType: 'organization', targetId: organizationId });
    return testbed.token({ grant_type: 'password', username, password: 'role password ok' });
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    organizationId = (await api('POST', '/v1/organizations', { name: 'umbrella' })).body.id;
  });

  afterAll(() => testbed?.stop());

  it('creates an app and an environment whose appKey/appSecret work at the gateway at once', async () => {
    const app = await api('POST', `/v1/organizations/${organizationId}/apps`, { name: 'field-service' });
    expect(app.status).toBe(201);
    const environment = await api('POST', `/v1/apps/${app.body.id}/environments`, { name: 'production', customScopes: ['jobs:read'] });
    expect(environment.status).toBe(201);
    expect(environment.body).toMatchObject({ appKey: expect.any(String), appSecret: expect.any(String), customScopes: ['jobs:read'] });
    expect((await api('GET', `/v1/apps/${app.body.id}`)).body).toMatchObject({ defaultEnvironmentId: environment.body.id });
    expect((await ccToken(environment.body.appKey, environment.body.appSecret, 'jobs:read')).status).toBe(200);

    // A configuration change is visible without a restart.
    expect((await ccToken(environment.body.appKey, environment.body.appSecret, 'jobs:write')).status).toBe(400);
    await api('PATCH', `/v1/environments/${environment.body.id}`, { customScopes: ['jobs:read', 'jobs:write'] });
    expect((await ccToken(environment.body.appKey, environment.body.appSecret, 'jobs:write')).status).toBe(200);

    const rotated = await api('POST', `/v1/environments/${environment.body.id}/rotate-secret`);
    expect((await ccToken(environment.body.appKey, environment.body.appSecret)).status).toBe(401);
    expect((await ccToken(environment.body.appKey, rotated.body.appSecret)).status).toBe(200);

    const list = await api('GET', `/v1/apps/${app.body.id}/environments`);
    expect(list.body).toMatchObject({ total: 1, rows: [{ id: environment.body.id }] });
    expect(JSON.stringify(list.body)).not.toMatch(/appSecret/);
  });

  it('validates fields and refuses a default environment of another app', async () => {
    const app = await api('POST', `/v1/organizations/${organizationId}/apps`, { name: 'kiosk' });
    const bad = await api('POST', `/v1/apps/${app.body.id}/environments`, { name: 'Prod', customScopes: ['openid', 'ok:scope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['customScopes', 'name']);
    const other = await api('POST', `/v1/organizations/${organizationId}/apps`, { name: 'other-app' });
    const foreignEnvironment = await api('POST', `/v1/apps/${other.body.id}/environments`, { name: 'dev' });
    const patched = await api('PATCH', `/v1/apps/${app.body.id}`, { defaultEnvironmentId: foreignEnvironment.body.id });
    expect(patched.status).toBe(404);
    const taken = await api('POST', `/v1/organizations/${organizationId}/apps`, { name: 'kiosk' });
    expect(taken.status).toBe(409);
  });

  it('refuses deleting an app with environments unless cascade=true', async () => {
    const app = await api('POST', `/v1/organizations/${organizationId}/apps`, { name: 'to-delete' });
    const environment = await api('POST', `/v1/apps/${app.body.id}/environments`, { name: 'dev' });
    expect((await api('DELETE', `/v1/apps/${app.body.id}`)).status).toBe(409);
    expect((await api('DELETE', `/v1/apps/${app.body.id}?cascade=true`)).status).toBe(204);
    expect((await api('GET', `/v1/environments/${environment.body.id}`)).status).toBe(404);
    expect((await ccToken(environment.body.appKey, environment.body.appSecret)).status).toBe(401);
  });

  it('gives each built-in role what it says: operator rotates, viewer reads, neither creates', async () => {
    const app = await api('POST', `/v1/organizations/${organizationId}/apps`, { name: 'roles-app' });
    const environment = await api('POST', `/v1/apps/${app.body.id}/environments`, { name: 'prod' });
    const operator = await adminWithRole('operator');
    const viewer = await adminWithRole('viewer');
    const admin = await adminWithRole('admin');

    expect((await api('POST', `/v1/environments/${environment.body.id}/rotate-secret`, undefined, operator)).status).toBe(200);
    expect((await api('POST', `/v1/organizations/${organizationId}/apps`, { name: 'op-app' }, operator)).status).toBe(403);
    expect((await api('GET', `/v1/environments/${environment.body.id}`, undefined, viewer)).status).toBe(200);
    expect((await api('POST', `/v1/environments/${environment.body.id}/rotate-secret`, undefined, viewer)).status).toBe(403);
    expect((await api('DELETE', `/v1/apps/${app.body.id}?cascade=true`, undefined, viewer)).status).toBe(403);
    expect((await api('POST', `/v1/organizations/${organizationId}/apps`, { name: 'admin-app' }, admin)).status).toBe(201);
    // Authorities on this organization reach nothing in another one.
    const elsewhere = await api('POST', '/v1/organizations', { name: 'elsewhere' });
    expect((await api('GET', `/v1/organizations/${elsewhere.body.id}/apps`, undefined, admin)).status).toBe(404);
    expect((await api('POST', `/v1/organizations/${elsewhere.body.id}/apps`, { name: 'sneaky' }, admin)).status).toBe(404);
  });
});
