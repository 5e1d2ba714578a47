import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';

/** Admin groups: an authority given to a group is held by its members, and only while they are. */
describe('admin API: groups', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let other: Awaited<ReturnType<typeof createTenant>>;

  const api = (method: string, path: string, body?: unknown, bearer?: string) => testbed.api(method, path, body, bearer);
  const createAdmin = async (username: string) => {
    const password = `${username} has a strong one`;
    const { body } = await api('POST', '/v1/admins', { username, password });
    return { id: body.id as string, token: () => testbed.token({ grant_type: 'password', username, password }) };
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    other = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  it("gives members the group's authorities, and takes them away with membership", async () => {
    const created = await api('POST', '/v1/groups', { name: 'on-call', description: 'Pager duty', organizationId: tenant.organization.id });
    expect(created).toMatchObject({ status: 201, body: { name: 'on-call', organizationId: tenant.organization.id } });
    const group = created.body.id as string;
    expect((await api('POST', '/v1/groups', { name: 'on-call', organizationId: tenant.organization.id })).status).toBe(409);
    expect(
      (await api('POST', '/v1/authorities', { principal: { type: 'group', id: group }, role: 'operator', target: { type: 'organization', id: tenant.organization.id } }))
        .status,
    ).toBe(201);

    const gina = await createAdmin('gina');
    const rotate = `/v1/environments/${tenant.environment.id}/rotate-secret`;
    expect((await api('POST', rotate, undefined, await gina.token())).status).toBe(404);

    expect((await api('PUT', `/v1/groups/${group}/members/${gina.id}`)).status).toBe(204);
    expect((await api('GET', `/v1/groups/${group}/members`)).body).toEqual([expect.objectContaining({ adminId: gina.id, username: 'gina' })]);
    const member = await gina.token();
    expect((await api('POST', rotate, undefined, member)).status).toBe(200);
    expect((await api('POST', `/v1/organizations/${tenant.organization.id}/apps`, { name: 'nope' }, member)).status).toBe(403);
    expect((await api('GET', `/v1/environments/${other.environment.id}`, undefined, member)).status).toBe(404);

    expect((await api('DELETE', `/v1/groups/${group}/members/${gina.id}`)).status).toBe(204);
    expect((await api('POST', rotate, undefined, member)).status).toBe(404);
    expect(await api('DELETE', `/v1/groups/${group}/members/${gina.id}`)).toMatchObject({
      status: 404,
      body: { error: 'not_found', code: 'NOT_FOUND', fields: [{ field: 'adminId', message: 'the admin is not a member of this group' }] },
    });
  });

  it("gives an organization's group authorities only inside that organization", async () => {
    const group = (await api('POST', '/v1/groups', { name: 'auditors', organizationId: tenant.organization.id })).body.id;
    const outside = await api('POST', '/v1/authorities', {
      principal: { type: 'group', id: group },
      role: 'viewer',
      target: { type: 'organization', id: other.organization.id },
    });
    expect(outside).toMatchObject({ status: 400, body: { error: 'invalid_request', code: 'INVALID_PARAMETER', fields: [expect.objectContaining({ field: 'target' })] } });
    const platform = await api('POST', '/v1/authorities', { principal: { type: 'group', id: group }, role: 'viewer', target: { type: 'platform' } });
    expect(platform.status).toBe(400);
  });

  it("lets only owners change membership, hides other organizations' groups, and deletes a group's authorities with it", async () => {
    const group = (await api('POST', '/v1/groups', { name: 'release', organizationId: tenant.organization.id })).body.id;
    const harry = await createAdmin('harry');
    const organizationClient = await testbed.token({
      grant_type: 'client_credentials',
      client_id: tenant.organization.clientId,
      client_secret: tenant.organizationSecret,
    });
    expect((await api('GET', `/v1/groups/${group}`, undefined, organizationClient)).status).toBe(200);
    expect((await api('PUT', `/v1/groups/${group}/members/${harry.id}`, undefined, organizationClient)).status).toBe(403);

    const outsider = await testbed.token({ grant_type: 'client_credentials', client_id: other.organization.clientId, client_secret: other.organizationSecret });
    expect((await api('GET', `/v1/groups/${group}`, undefined, outsider)).status).toBe(404);
    expect((await api('GET', '/v1/groups', undefined, outsider)).body.rows).toEqual([]);
    expect((await api('POST', '/v1/groups', { name: 'sneaky', organizationId: tenant.organization.id }, outsider)).status).toBe(404);
    expect((await api('POST', '/v1/groups', { name: 'platform-wide' }, outsider)).status).toBe(403);

    const authority = await api('POST', '/v1/authorities', { principal: { type: 'group', id: group }, role: 'viewer', target: { type: 'organization', id: tenant.organization.id } });
    await api('PUT', `/v1/groups/${group}/members/${harry.id}`);
    expect((await api('GET', `/v1/environments/${tenant.environment.id}`, undefined, await harry.token())).status).toBe(200);
    expect((await api('DELETE', `/v1/groups/${group}`)).status).toBe(204);
    expect((await api('GET', `/v1/authorities?principalType=group&principalId=${group}`)).body.rows).toEqual([]);
    expect((await api('DELETE', `/v1/authorities/${authority.body.id}`)).status).toBe(404);
    expect((await api('GET', `/v1/environments/${tenant.environment.id}`, undefined, await harry.token())).status).toBe(404);
  });

  it('validates group bodies field by field', async () => {
    const bad = await api('POST', '/v1/groups', { name: 'Not A Slug', organizationId: 'nope', extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((problem: { field: string }) => problem.field).sort()).toEqual(['extra', 'name', 'organizationId']);
  });
});
