import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

/** Admins and authorities over the admin API. */
describe('admin API: admins and authorities', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const token: AdminTestbed['token'] = (form) => testbed.token(form);

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  it('answers a malformed id in the admin error shape, not Nest\'s', async () => {
    for (const path of ['/v1/admins/not-a-uuid', '/v1/authorities/not-a-uuid']) {
      const method = path.startsWith('/v1/admins') ? 'GET' : 'DELETE';
      const answer = await api(method, path);
      expect([path, answer.status, answer.body]).toEqual([path, 400, { error: 'invalid_request', error_description: expect.any(String), code: 'INVALID_PARAMETER' }]);
    }
  });

  it('answers an unknown route 404 NOT_FOUND, as the gateway does', async () => {
    expect(await api('GET', '/v1/no-such-route')).toMatchObject({ status: 404, body: { error: 'not_found', error_description: 'no such endpoint', code: 'NOT_FOUND' } });
  });

  it('creates an admin, grants a role on an organization, and revokes it', async () => {
    expect((await api('POST', '/v1/admins', { username: 'weak', password: 'password12' })).body).toMatchObject({ code: 'TOO_WEAK_PASSWORD' });
    const { status, body: ops } = await api('POST', '/v1/admins', { username: 'ops', email: 'ops@example.com', password: 'ops has a strong one' });
    expect(status).toBe(201);
    expect(JSON.stringify(ops)).not.toMatch(/argon2|passwordHash/);
    const opsToken = await token({ grant_type: 'password', username: 'ops', password: 'ops has a strong one' });
    expect((await api('GET', `/v1/environments/${tenant.environment.id}`, undefined, opsToken)).status).toBe(404);

    const granted = await api('POST', '/v1/authorities', {
      principal: { type: 'admin', id: ops.id },
      role: 'operator',
      target: { type: 'organization', id: tenant.organization.id },
    });
    expect(granted.status).toBe(201);
    expect((await api('POST', `/v1/environments/${tenant.environment.id}/rotate-secret`, undefined, opsToken)).status).toBe(200);
    expect((await api('POST', `/v1/organizations/${tenant.organization.id}/apps`, { name: 'nope' }, opsToken)).status).toBe(403);

    const listed = await api('GET', `/v1/authorities?principalType=admin&principalId=${ops.id}`);
    expect(listed.body.rows).toEqual([expect.objectContaining({ role: 'operator', target: { type: 'organization', id: tenant.organization.id } })]);
    expect((await api('DELETE', `/v1/authorities/${granted.body.id}`)).status).toBe(204);
    expect((await api('GET', `/v1/environments/${tenant.environment.id}`, undefined, opsToken)).status).toBe(404);
  });

  it('lets only owners grant authorities: an organization client (admin role) cannot', async () => {
    const orgToken = await token({ grant_type: 'client_credentials', client_id: tenant.organization.clientId, client_secret: tenant.organizationSecret });
    const { body: helper } = await api('POST', '/v1/admins', { username: 'helper', password: 'helper strong pass' });
    const attempt = await api('POST', '/v1/authorities', { principal: { type: 'admin', id: helper.id }, role: 'owner', target: { type: 'organization', id: tenant.organization.id } }, orgToken);
    expect(attempt).toMatchObject({ status: 403, body: { error: 'access_denied', code: 'ACCESS_DENIED' } });
    const elsewhere = await createTenant(testbed.gateway.provisioner);
    const foreign = await api('POST', '/v1/authorities', { principal: { type: 'admin', id: helper.id }, role: 'viewer', target: { type: 'organization', id: elsewhere.organization.id } }, orgToken);
    // Hidden as if it did not exist: the same answer, without a field (the path named nothing).
    expect(foreign).toMatchObject({ status: 404, body: { error: 'not_found', code: 'NOT_FOUND' } });
    expect(foreign.body.fields).toBeUndefined();
    expect(await api('POST', '/v1/authorities', { principal: { type: 'admin', id: helper.id }, role: 'emperor', target: { type: 'platform' } })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', fields: [{ field: 'role', message: 'no such role: emperor' }] },
    });
  });

  it("refuses a disabled admin's management tokens at once", async () => {
    const { body: temp } = await api('POST', '/v1/admins', { username: 'temp', password: 'temp has a strong one' });
    await api('POST', '/v1/authorities', { principal: { type: 'admin', id: temp.id }, role: 'viewer', target: { type: 'platform' } });
    const tempToken = await token({ grant_type: 'password', username: 'temp', password: 'temp has a strong one' });
    expect((await api('GET', '/v1/admins', undefined, tempToken)).status).toBe(200);
    expect((await api('PATCH', `/v1/admins/${temp.id}`, { disabled: true })).body).toMatchObject({ disabled: true });
    expect((await api('GET', '/v1/admins', undefined, tempToken)).status).toBe(401);
    const again = await postForm(`${testbed.gateway.adminUrl}/management/token`, { grant_type: 'password', username: 'temp', password: 'temp has a strong one' });
    expect(await again.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });
});
