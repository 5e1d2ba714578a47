import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createDeviceClient } from '../../support/device-client';
import { basicAuth, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

/** Registered clients over the admin API: their fields and rules, effective at the gateway at once; the list, whole or of one kind. */
describe('admin API: clients', () => {
  let testbed: AdminTestbed;
  let environmentId: string;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const cc = (clientId: string, secret: string) => postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(clientId, secret));

  beforeAll(async () => {
    testbed = await startAdminTestbed({ env: { DEVICE_REGISTRATION_RATE_LIMIT: '1000' } });
    environmentId = (await createTenant(testbed.gateway.provisioner)).environment.id;
  });

  afterAll(() => testbed?.stop());

  it('registers public and confidential clients; only confidential ones get a secret, once', async () => {
    const native = await api('POST', `/v1/environments/${environmentId}/clients`, {
      name: 'iOS app',
      type: 'public',
      applicationType: 'native',
      firstParty: true,
      redirectUris: ['com.acme.app:/cb', 'http://127.0.0.1/cb'],
    });
    expect(native.status).toBe(201);
    expect(native.body).toMatchObject({ tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code', 'refresh_token'] });
    expect(native.body.clientSecret).toBeUndefined();

    const backend = await api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Backend', type: 'confidential', grantTypes: ['client_credentials'] });
    expect(backend.body.clientSecret).toEqual(expect.any(String));
    expect((await cc(backend.body.clientId, backend.body.clientSecret)).status).toBe(200);
    const fetched = await api('GET', `/v1/clients/${backend.body.id}`);
    expect(fetched.body.clientSecret).toBeUndefined();
    const list = await api('GET', `/v1/environments/${environmentId}/clients`);
    expect(list.body.total).toBeGreaterThanOrEqual(2);
  });

  it('registers the own-identity grant types, which the gateway then serves the client', async () => {
    const grantTypes = ['urn:rapidauth:grant-type:anonymous', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'refresh_token'];
    const guest = await api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Guest app', type: 'public', applicationType: 'native', grantTypes });
    expect(guest.status).toBe(201);
    expect(guest.body.grantTypes).toEqual(grantTypes);
    expect((await api('PATCH', `/v1/environments/${environmentId}/identity-methods`, { anonymous: { enabled: true } })).status).toBe(200);
    const login = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: grantTypes[0], client_id: guest.body.clientId });
    expect(login.status).toBe(200);
    const unknown = await api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Bad', type: 'public', grantTypes: ['urn:rapidauth:grant-type:unknown'] });
    expect(unknown.status).toBe(400);
  });

  it.each([
    ['an http redirect URI off loopback', { type: 'public', redirectUris: ['http://app.example.com/cb'] }, 'redirectUris'],
    ['a fragment in a redirect URI', { type: 'public', redirectUris: ['https://app.example.com/cb#x'] }, 'redirectUris'],
    ['client_credentials for a public client', { type: 'public', grantTypes: ['client_credentials'] }, 'grantTypes'],
    ['the password grant for a third-party client', { type: 'public', grantTypes: ['password'], redirectUris: [] }, 'grantTypes'],
    ['a secret-less confidential client', { type: 'confidential', grantTypes: ['client_credentials'], tokenEndpointAuthMethod: 'none' }, 'tokenEndpointAuthMethod'],
    ['an origin with a path', { type: 'confidential', grantTypes: ['client_credentials'], allowedOrigins: ['https://app.example.com/x'] }, 'allowedOrigins'],
  ])('refuses %s with a field-level 400', async (_case, settings, field) => {
    const response = await api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Bad', ...settings });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'INVALID_CLIENT_SETTINGS', fields: [{ field }] });
  });

  it('applies updates, disabling and secret rotation at the gateway at once, and deletes', async () => {
    const { body: client } = await api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Job runner', type: 'confidential', grantTypes: ['client_credentials'] });
    const renamed = await api('PATCH', `/v1/clients/${client.id}`, { name: 'Nightly job runner' });
    expect(renamed.body).toMatchObject({ name: 'Nightly job runner', grantTypes: ['client_credentials'], type: 'confidential' });

    await api('PATCH', `/v1/clients/${client.id}`, { enabled: false });
    expect((await cc(client.clientId, client.clientSecret)).status).toBe(401);
    await api('PATCH', `/v1/clients/${client.id}`, { enabled: true });
    expect((await cc(client.clientId, client.clientSecret)).status).toBe(200);

    const rotated = await api('POST', `/v1/clients/${client.id}/rotate-secret`);
    expect((await cc(client.clientId, client.clientSecret)).status).toBe(401);
    expect((await cc(client.clientId, rotated.body.clientSecret)).status).toBe(200);

    expect((await api('DELETE', `/v1/clients/${client.id}`)).status).toBe(204);
    expect((await cc(client.clientId, rotated.body.clientSecret)).status).toBe(401);
    expect((await api('GET', `/v1/clients/${client.id}`)).status).toBe(404);
  });

  it("keeps other organizations' clients invisible", async () => {
    const other = await createTenant(testbed.gateway.provisioner);
    const orgToken = await testbed.token({ grant_type: 'client_credentials', client_id: other.organization.clientId, client_secret: other.organizationSecret });
    const { body: client } = await api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Mine', type: 'confidential', grantTypes: ['client_credentials'] });
    expect((await api('GET', `/v1/clients/${client.id}`, undefined, orgToken)).status).toBe(404);
    expect((await api('GET', `/v1/environments/${environmentId}/clients`, undefined, orgToken)).status).toBe(404);
    expect((await api('POST', `/v1/environments/${other.environment.id}/clients`, { name: 'Theirs', type: 'confidential', grantTypes: ['client_credentials'] }, orgToken)).status).toBe(201);
  });

  describe('the list filtered by kind', () => {
    let kindsOf: string;
    const names = (rows: { name: string }[]) => rows.map((row) => row.name);
    const list = (query = '') => api('GET', `/v1/environments/${kindsOf}/clients${query}`);

    beforeAll(async () => {
      kindsOf = (await createTenant(testbed.gateway.provisioner)).environment.id;
      for (const name of ['Alpha web', 'Beta job']) {
        expect((await api('POST', `/v1/environments/${kindsOf}/clients`, { name, type: 'confidential', grantTypes: ['client_credentials'] })).status).toBe(201);
      }
      for (let device = 0; device < 3; device++) await createDeviceClient(testbed.gateway, kindsOf);
    });

    it('counts and lists every kind without it, as before', async () => {
      const all = await list();
      expect(all).toMatchObject({ status: 200, body: { total: 5, limit: 25, skip: 0 } });
      expect(all.body.rows.map((row: { kind: string }) => row.kind).sort()).toEqual(['device', 'device', 'device', 'registered', 'registered']);
    });

    it('counts and lists only the clients of the kind asked, paging within it', async () => {
      const registered = await list('?kind=registered');
      expect(registered.body).toMatchObject({ total: 2 });
      expect(registered.body.rows.map((row: { kind: string; name: string }) => [row.kind, row.name])).toEqual([['registered', 'Alpha web'], ['registered', 'Beta job']]);

      const devices = await list('?kind=device');
      expect(devices.body).toMatchObject({ total: 3 });
      expect(devices.body.rows.map((row: { kind: string; appSignatureId: string | null }) => [row.kind, typeof row.appSignatureId])).toEqual(Array(3).fill(['device', 'string']));

      const second = await list('?kind=device&limit=2&skip=2');
      expect(second.body).toMatchObject({ total: 3, limit: 2, skip: 2 });
      expect(second.body.rows).toHaveLength(1);
      expect(names(devices.body.rows)).toContain(second.body.rows[0].name);
    });

    it.each(['robot', 'Device', ''])('refuses kind=%j with a field-level 400 INVALID_PARAMETER', async (kind) => {
      const refused = await list(`?kind=${encodeURIComponent(kind)}`);
      expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_request', code: 'INVALID_PARAMETER', fields: [{ field: 'kind', message: expect.stringContaining('registered, device') }] } });
    });

    it('describes kind in the OpenAPI document', async () => {
      const document = (await (await fetch(`${testbed.gateway.adminUrl}/docs-json`)).json()) as {
        paths: Record<string, { get: { parameters: { name: string; in: string; required: boolean; schema: { enum?: string[] } }[] } }>;
      };
      const kind = document.paths['/v1/environments/{environmentId}/clients'].get.parameters.find((parameter) => parameter.name === 'kind');
      expect(kind).toMatchObject({ in: 'query', required: false, schema: { enum: ['registered', 'device'] } });
    });
  });
});
