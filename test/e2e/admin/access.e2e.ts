import { ensureBootstrapAdmin } from '@rapidauth/access';
import { createScratchDatabase, type ScratchDatabase } from '@rapidauth/testing';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

/** Admins and authorities over the admin API. */
describe('admin API: admins and authorities', () => {
  let scratch: ScratchDatabase;
  let gateway: GatewayInstance;
  let root: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const token = async (form: Record<string, string>) =>
    ((await (await postForm(`${gateway.adminUrl}/management/token`, form)).json()) as { access_token?: string }).access_token!;
  const api = async (method: string, path: string, bearer: string, body?: unknown) => {
    const response = await fetch(`${gateway.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as Record<string, any>) };
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    gateway = await startGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), withAdmin: true });
    await ensureBootstrapAdmin(gateway.running.runtime.database.dataSource, { username: 'root', password: Buffer.from('root password ok') });
    root = await token({ grant_type: 'password', username: 'root', password: 'root password ok' });
    tenant = await createTenant(gateway.provisioner);
  });

  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

  it('creates an admin, grants a role on an organization, and revokes it', async () => {
    expect((await api('POST', '/v1/admins', root, { username: 'weak', password: 'password12' })).body).toMatchObject({ code: 'TOO_WEAK_PASSWORD' });
    const { status, body: ops } = await api('POST', '/v1/admins', root, { username: 'ops', email: 'ops@example.com', password: 'ops has a strong one' });
    expect(status).toBe(201);
    expect(JSON.stringify(ops)).not.toMatch(/argon2|passwordHash/);
    const opsToken = await token({ grant_type: 'password', username: 'ops', password: 'ops has a strong one' });
    expect((await api('GET', `/v1/environments/${tenant.environment.id}`, opsToken)).status).toBe(404);

    const granted = await api('POST', '/v1/authorities', root, {
      principal: { type: 'admin', id: ops!.id },
      role: 'operator',
      target: { type: 'organization', id: tenant.organization.id },
    });
    expect(granted.status).toBe(201);
    expect((await api('POST', `/v1/environments/${tenant.environment.id}/rotate-secret`, opsToken)).status).toBe(200);
    expect((await api('POST', `/v1/organizations/${tenant.organization.id}/apps`, opsToken, { name: 'nope' })).status).toBe(403);

    const listed = await api('GET', `/v1/authorities?principalType=admin&principalId=${ops!.id}`, root);
    expect(listed.body!.rows).toEqual([expect.objectContaining({ role: 'operator', target: { type: 'organization', id: tenant.organization.id } })]);
    expect((await api('DELETE', `/v1/authorities/${granted.body!.id}`, root)).status).toBe(204);
    expect((await api('GET', `/v1/environments/${tenant.environment.id}`, opsToken)).status).toBe(404);
  });

  it('lets only owners grant authorities: an organization client (admin role) cannot', async () => {
    const orgToken = await token({ grant_type: 'client_credentials', client_id: tenant.organization.clientId, client_secret: tenant.organizationSecret });
    const { body: helper } = await api('POST', '/v1/admins', root, { username: 'helper', password: 'helper strong pass' });
    const attempt = await api('POST', '/v1/authorities', orgToken, {
      principal: { type: 'admin', id: helper!.id },
      role: 'owner',
      target: { type: 'organization', id: tenant.organization.id },
    });
    expect(attempt.status).toBe(403);
    const elsewhere = await createTenant(gateway.provisioner);
    const foreign = await api('POST', '/v1/authorities', orgToken, {
      principal: { type: 'admin', id: helper!.id },
      role: 'viewer',
      target: { type: 'organization', id: elsewhere.organization.id },
    });
    expect(foreign.status).toBe(404);
    expect((await api('POST', '/v1/authorities', root, { principal: { type: 'admin', id: helper!.id }, role: 'emperor', target: { type: 'platform' } })).status).toBe(404);
  });

  it("refuses a disabled admin's management tokens at once", async () => {
    const { body: temp } = await api('POST', '/v1/admins', root, { username: 'temp', password: 'temp has a strong one' });
    await api('POST', '/v1/authorities', root, { principal: { type: 'admin', id: temp!.id }, role: 'viewer', target: { type: 'platform' } });
    const tempToken = await token({ grant_type: 'password', username: 'temp', password: 'temp has a strong one' });
    expect((await api('GET', '/v1/admins', tempToken)).status).toBe(200);
    expect((await api('PATCH', `/v1/admins/${temp!.id}`, root, { disabled: true })).body).toMatchObject({ disabled: true });
    expect((await api('GET', '/v1/admins', tempToken)).status).toBe(401);
    const again = await postForm(`${gateway.adminUrl}/management/token`, { grant_type: 'password', username: 'temp', password: 'temp has a strong one' });
    expect(await again.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });
});
