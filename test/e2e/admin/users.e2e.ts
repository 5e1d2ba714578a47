import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { basicAuth, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

/** An environment's users over the admin API: password policy, search, disable, delete. */
describe('admin API: users', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const passwordGrant = (username: string, password: string) =>
    postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'password', username, password }, basicAuth(tenant.environment.appKey, tenant.appSecret));

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  it('creates a user who can sign in; the answer has the uid and identities but no hash', async () => {
    const created = await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'Zoe', email: 'zoe@example.com', password: 'zoe has a strong one' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ uid: expect.any(String), identities: [{ provider: 'local', username: 'zoe', email: 'zoe@example.com' }] });
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|passwordHash/);
    expect((await passwordGrant('zoe', 'zoe has a strong one')).status).toBe(200);
  });

  it('applies the password policy and username uniqueness', async () => {
    const weak = await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'yann', password: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'TOO_WEAK_PASSWORD' });
    await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'xena', password: 'xena has a strong one' });
    const taken = await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'XENA', password: 'another strong one' });
    expect(taken.status).toBe(409);
    const badEmail = await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'will', email: 'not-an-email', password: 'will has a strong one' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.fields).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('searches by username or email prefix', async () => {
    await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'victor', email: 'vic@corp.example', password: 'victor strong pass' });
    const found = await api('GET', `/v1/environments/${tenant.environment.id}/users?search=vic`);
    expect(found.body.rows.map((user: { identities: { username: string }[] }) => user.identities[0].username)).toEqual(['victor']);
    const all = await api('GET', `/v1/environments/${tenant.environment.id}/users?limit=100`);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect((await api('GET', `/v1/environments/${tenant.environment.id}/users?search=%25`)).body.total).toBe(0);
  });

  it('disabling refuses sign-in at once and revokes refresh tokens; deleting removes the user', async () => {
    const { body: user } = await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'uma', password: 'uma has a strong one' });
    const tokens = (await (await passwordGrant('uma', 'uma has a strong one')).json()) as { refresh_token: string };
    expect((await api('PATCH', `/v1/users/${user.uid}`, { disabled: true })).body).toMatchObject({ disabled: true });
    expect(await (await passwordGrant('uma', 'uma has a strong one')).json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    const refresh = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, basicAuth(tenant.environment.appKey, tenant.appSecret));
    expect(refresh.status).toBe(400);
    expect((await api('DELETE', `/v1/users/${user.uid}`)).status).toBe(204);
    expect((await api('GET', `/v1/users/${user.uid}`)).status).toBe(404);
  });
});
