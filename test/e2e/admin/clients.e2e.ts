import { ensureBootstrapAdmin } from '@rapidauth/access';
import { createScratchDatabase, type ScratchDatabase } from '@rapidauth/testing';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { basicAuth, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

/** Registered clients over the admin API: PRODUCT.md's fields and rules, effective at the gateway at once. */
describe('admin API: clients', () => {
  let scratch: ScratchDatabase;
  let gateway: GatewayInstance;
  let root: string;
  let environmentId: string;

  const api = async (method: string, path: string, body?: unknown, bearer = root) => {
    const response = await fetch(`${gateway.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as Record<string, any>) };
  };
  const cc = (clientId: string, secret: string) => postForm(`${gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(clientId, secret));

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    gateway = await startGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), withAdmin: true });
    await ensureBootstrapAdmin(gateway.running.runtime.database.dataSource, { username: 'root', password: Buffer.from('root password ok') });
    root = ((await (await postForm(`${gateway.adminUrl}/management/token`, { grant_type: 'password', username: 'root', password: 'root password ok' })).json()) as {
      access_token: string;
    }).access_token;
    environmentId = (await createTenant(gateway.provisioner)).environment.id;
  });

  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

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
    expect(native.body!.clientSecret).toBeUndefined();

    const backend = await api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Backend', type: 'confidential', grantTypes: ['client_credentials'] });
    expect(backend.body!.clientSecret).toEqual(expect.any(String));
    expect((await cc(backend.body!.clientId, backend.body!.clientSecret)).status).toBe(200);
    const fetched = await api('GET', `/v1/clients/${backend.body!.id}`);
    expect(fetched.body!.clientSecret).toBeUndefined();
    const list = await api('GET', `/v1/environments/${environmentId}/clients`);
    expect(list.body!.total).toBeGreaterThanOrEqual(2);
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
    const renamed = await api('PATCH', `/v1/clients/${client!.id}`, { name: 'Nightly job runner' });
    expect(renamed.body).toMatchObject({ name: 'Nightly job runner', grantTypes: ['client_credentials'], type: 'confidential' });

    await api('PATCH', `/v1/clients/${client!.id}`, { enabled: false });
    expect((await cc(client!.clientId, client!.clientSecret)).status).toBe(401);
    await api('PATCH', `/v1/clients/${client!.id}`, { enabled: true });
    expect((await cc(client!.clientId, client!.clientSecret)).status).toBe(200);

    const rotated = await api('POST', `/v1/clients/${client!.id}/rotate-secret`);
    expect((await cc(client!.clientId, client!.clientSecret)).status).toBe(401);
    expect((await cc(client!.clientId, rotated.body!.clientSecret)).status).toBe(200);

    expect((await api('DELETE', `/v1/clients/${client!.id}`)).status).toBe(204);
    expect((await cc(client!.clientId, rotated.body!.clientSecret)).status).toBe(401);
    expect((await api('GET', `/v1/clients/${client!.id}`)).status).toBe(404);
  });

  it("keeps other organizations' clients invisible", async () => {
    const other = await createTenant(gateway.provisioner);
    const orgToken = ((await (
      await postForm(`${gateway.adminUrl}/management/token`, { grant_type: 'client_credentials', client_id: other.organization.clientId, client_secret: other.organizationSecret })
    ).json()) as { access_token: string }).access_token;
    const { body: client } = await api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Mine', type: 'confidential', grantTypes: ['client_credentials'] });
    expect((await api('GET', `/v1/clients/${client!.id}`, undefined, orgToken)).status).toBe(404);
    expect((await api('GET', `/v1/environments/${environmentId}/clients`, undefined, orgToken)).status).toBe(404);
    expect((await api('POST', `/v1/environments/${other.environment.id}/clients`, { name: 'Theirs', type: 'confidential', grantTypes: ['client_credentials'] }, orgToken)).status).toBe(201);
  });
});
