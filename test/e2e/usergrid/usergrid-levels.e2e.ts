import { LocalIdentities } from '@rapidauth/identity';
import { startAdminTestbed, ROOT, type AdminTestbed } from '../../support/admin-api';
import { basicAuth, isActive } from '../../support/requests';
import { createTenant } from '../../support/tenant';

/**
 * The four Usergrid authentication levels, sent the way Usergrid's own examples
 * (`curl -X POST … -d '{…}'`) send them: a JSON body labelled application/x-www-form-urlencoded.
 */
describe('Usergrid authentication levels', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let base: string;

  /** What `curl -d '<body>'` sends. */
  const curl = (url: string, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, any> });

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    base = testbed.gateway.url;
    tenant = await createTenant(testbed.gateway.provisioner);
    await testbed.gateway.get(LocalIdentities).create(tenant.environment.id, {
      username: 'john.doe',
      email: 'john@example.com',
      password: 'test pw+with&odd=chars',
    });
    // Opt-in (docs/gateway.md#usergrid-token-endpoints): these tests exercise the Usergrid user level.
    await testbed.api('PATCH', `/v1/environments/${tenant.environment.id}`, { usergridCompatibility: true });
  });

  afterAll(() => testbed?.stop());

  it('password sign-in without a client credential is off for a new environment until an admin opts in', async () => {
    const fresh = await createTenant(testbed.gateway.provisioner);
    await testbed.gateway.get(LocalIdentities).create(fresh.environment.id, { username: 'jane.doe', password: 'jane has a strong one' });
    const url = `${base}/${fresh.organization.name}/${fresh.app.name}/token`;
    const signIn = () => curl(url, '{"grant_type":"password", "username":"jane.doe", "password":"jane has a strong one"}').then(json);
    expect(await signIn()).toMatchObject({ status: 400, body: { error: 'unauthorized_client', code: 'PROVIDER_DISABLED' } });
    expect((await testbed.api('GET', `/v1/environments/${fresh.environment.id}`)).body).toMatchObject({ usergridCompatibility: false });
    const created = await testbed.api('POST', `/v1/apps/${fresh.app.id}/environments`, { name: 'staging' });
    expect(created.body).toMatchObject({ usergridCompatibility: false });

    await testbed.api('PATCH', `/v1/environments/${fresh.environment.id}`, { usergridCompatibility: true });
    expect((await signIn()).status).toBe(200);
  });

  it('application user: POST /:org/:app/token with username or email', async () => {
    const url = `${base}/${tenant.organization.name}/${tenant.app.name}/token`;
    const { status, body } = await json(await curl(url, '{"grant_type":"password", "username":"john.doe", "password":"test pw+with&odd=chars"}'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, user: { type: 'user', username: 'john.doe', email: 'john@example.com' } });
    expect(body.user.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toMatch(/argon2|password/i);
    expect(await isActive(base, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, body.access_token)).toBe(true);

    const byEmail = await json(await curl(url, '{"grant_type":"password", "username":"john@example.com", "password":"test pw+with&odd=chars"}'));
    expect(byEmail.body.user.uuid).toBe(body.user.uuid);
    const asForm = await json(await curl(url, new URLSearchParams({ grant_type: 'password', username: 'john.doe', password: 'test pw+with&odd=chars' }).toString()));
    expect(asForm.status).toBe(200);
    const asJson = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'john.doe', password: 'test pw+with&odd=chars' }),
    });
    expect(asJson.status).toBe(200);

    const wrong = await json(await curl(url, '{"grant_type":"password", "username":"john.doe", "password":"nope"}'));
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant', code: 'INVALID_CREDENTIALS' } });
  });

  it('application client: the appKey/appSecret or a registered confidential client of that environment', async () => {
    const url = `${base}/${tenant.organization.name}/${tenant.app.name}/token`;
    const { status, body } = await json(
      await curl(url, `{"grant_type":"client_credentials", "client_id":"${tenant.environment.appKey}", "client_secret":"${tenant.appSecret}"}`),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      application: { uuid: tenant.app.id, name: tenant.app.name, organization: { name: tenant.organization.name }, environment: { uuid: tenant.environment.id } },
    });
    expect(JSON.stringify(body)).not.toContain(tenant.appSecret);

    const { client, clientSecret } = await testbed.gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Reporting backend',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    const registered = await json(await curl(url, `{"grant_type":"client_credentials", "client_id":"${client.clientId}", "client_secret":"${clientSecret}"}`));
    expect(registered.status).toBe(200);

    const wrongSecret = await json(await curl(url, `{"grant_type":"client_credentials", "client_id":"${tenant.environment.appKey}", "client_secret":"wrong"}`));
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const stranger = await createTenant(testbed.gateway.provisioner);
    const elsewhere = await json(
      await curl(url, `{"grant_type":"client_credentials", "client_id":"${stranger.environment.appKey}", "client_secret":"${stranger.appSecret}"}`),
    );
    expect(elsewhere).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const basic = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basicAuth(tenant.environment.appKey, tenant.appSecret) },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(200);
  });

  it('admin user and organization client: POST /management/token', async () => {
    const admin = await json(await curl(`${base}/management/token`, `{"grant_type":"password", "username":"${ROOT.username}", "password":"${ROOT.password}"}`));
    expect(admin).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3600, user: { username: ROOT.username } } });
    const organization = await json(
      await curl(
        `${testbed.gateway.adminUrl}/management/token`,
        `{"grant_type":"client_credentials", "client_id":"${tenant.organization.clientId}", "client_secret":"${tenant.organizationSecret}"}`,
      ),
    );
    expect(organization).toMatchObject({
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3600, organization: { id: tenant.organization.id, name: tenant.organization.name } },
    });
    expect(JSON.stringify(organization.body)).not.toContain(tenant.organizationSecret);
  });

  it('refuses what it cannot serve with a clear 4xx', async () => {
    const url = `${base}/${tenant.organization.name}/${tenant.app.name}/token`;
    expect((await json(await curl(`${base}/no-such-org/${tenant.app.name}/token`, '{"grant_type":"password", "username":"john.doe", "password":"x"}'))).body).toMatchObject({
      code: 'UNKNOWN_APPLICATION',
    });
    expect((await json(await curl(url, '{"grant_type":"password", '))).body).toMatchObject({ error: 'invalid_request', code: 'MALFORMED_REQUEST' });
    expect((await json(await curl(url, '{"grant_type":"authorization_code"}'))).body).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await json(await curl(url, 'grant_type=password&grant_type=password'))).body).toMatchObject({ code: 'DUPLICATE_PARAMETER' });

    await testbed.api('PATCH', `/v1/environments/${tenant.environment.id}`, { usergridCompatibility: false });
    const off = await json(await curl(url, '{"grant_type":"password", "username":"john.doe", "password":"test pw+with&odd=chars"}'));
    expect(off).toMatchObject({ status: 400, body: { error: 'unauthorized_client', code: 'PROVIDER_DISABLED' } });
    await testbed.api('PATCH', `/v1/environments/${tenant.environment.id}`, { usergridCompatibility: true });
  });
});
