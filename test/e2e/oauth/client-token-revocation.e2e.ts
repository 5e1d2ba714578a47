import { AccessTokenVerifier, InvalidTokenError } from '@rapidauth/oauth';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';
import { startTwoInstances, within, type TwoInstances } from '../../support/two-instances';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

/**
 * client_credentials tokens belong to no login (no `sid`), so only a per-client revocation ends
 * them: disabling or deleting a client, or deleting anything above it, refuses them on every
 * instance within 1 s.
 */
describe('client_credentials tokens end with their client (two instances)', () => {
  let instances: TwoInstances;

  const urls = () => [instances.first.url, instances.second.url];
  const issue = async (url: string, clientId: string, secret: string) => {
    const response = await postForm(`${url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(clientId, secret));
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token for ${clientId} (${response.status}): ${JSON.stringify(body)}`);
    return body.access_token;
  };
  const activeEverywhere = async (caller: { clientId: string; secret: string }, token: string) =>
    (await Promise.all(urls().map((url) => isActive(url, caller, token)))).every(Boolean);
  const inactiveEverywhere = async (caller: { clientId: string; secret: string }, token: string) =>
    (await Promise.all(urls().map((url) => isActive(url, caller, token)))).every((active) => !active);
  const confidentialClient = async (tenant: Tenant) => {
    const { client, clientSecret } = await instances.first.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Billing backend',
      type: 'confidential',
      grantTypes: ['client_credentials'],
    });
    return { id: client.id, clientId: client.clientId, secret: clientSecret! };
  };
  /** Tokens of every client beneath a tenant: the environment's own (plain and with a service) and a registered one. */
  const tokensBeneath = async (tenant: Tenant) => {
    const registered = await confidentialClient(tenant);
    return [
      await issue(instances.first.url, tenant.environment.appKey, tenant.appSecret),
      await issue(instances.second.url, `${tenant.environment.appKey}.${tenant.localService.id}`, tenant.appSecret),
      await issue(instances.first.url, registered.clientId, registered.secret),
    ];
  };
  const organizationClient = (tenant: Tenant) => ({ clientId: tenant.organization.clientId, secret: tenant.organizationSecret });
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));

  beforeAll(async () => {
    instances = await startTwoInstances();
  });

  afterAll(async () => {
    await instances?.stop();
  });

  it("a disabled client's tokens are refused on both instances within 1 s; once re-enabled its new tokens work and the old stay refused", async () => {
    const tenant = await createTenant(instances.first.provisioner);
    const environmentClient = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    const client = await confidentialClient(tenant);
    const old = await issue(instances.second.url, client.clientId, client.secret);
    expect(await activeEverywhere(environmentClient, old)).toBe(true);

    expect((await instances.admin('POST', `/v1/clients/${client.id}/disable`)).status).toBe(200);
    expect(await within(1000, () => inactiveEverywhere(environmentClient, old))).toBe(true);
    for (const url of urls()) expect((await postForm(`${url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(client.clientId, client.secret))).status).toBe(401);

    expect((await instances.admin('POST', `/v1/clients/${client.id}/enable`)).status).toBe(200);
    // `iat` has whole seconds: a token issued in the second of the revocation counts as issued before it.
    await nextSecond();
    const renewed = await within(1000, async () => (await postForm(`${instances.second.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(client.clientId, client.secret))).status === 200);
    expect(renewed).toBe(true);
    const fresh = await issue(instances.second.url, client.clientId, client.secret);
    expect(await activeEverywhere(environmentClient, fresh)).toBe(true);
    expect(await inactiveEverywhere(environmentClient, old)).toBe(true);
  });

  it.each([
    ['environment', (tenant: Tenant) => `/v1/environments/${tenant.environment.id}`],
    ['app', (tenant: Tenant) => `/v1/apps/${tenant.app.id}?cascade=true`],
  ])("deleting the %s refuses every client's tokens beneath it on both instances within 1 s", async (_what, path) => {
    const tenant = await createTenant(instances.first.provisioner);
    const tokens = await tokensBeneath(tenant);
    // The organization client can still introspect once the environment is gone (each instance knows its organization).
    for (const token of tokens) expect(await activeEverywhere(organizationClient(tenant), token)).toBe(true);

    expect((await instances.admin('DELETE', path(tenant))).status).toBe(204);
    for (const token of tokens) expect(await within(1000, () => inactiveEverywhere(organizationClient(tenant), token))).toBe(true);
  });

  it("deleting the organization refuses every client's tokens beneath it, the organization client's included", async () => {
    const tenant = await createTenant(instances.first.provisioner);
    const tokens = await tokensBeneath(tenant);
    const form = { grant_type: 'client_credentials', client_id: tenant.organization.clientId, client_secret: tenant.organizationSecret };
    const management = (await (await postForm(`${instances.first.adminUrl}/management/token`, form)).json()) as { access_token: string };
    const verifier = instances.first.get(AccessTokenVerifier);
    for (const token of [...tokens, management.access_token]) await expect(verifier.verify(token)).resolves.toBeDefined();

    expect((await instances.admin('DELETE', `/v1/organizations/${tenant.organization.id}?cascade=true`)).status).toBe(204);
    // No client is left to introspect them with; the verifier behind every endpoint refuses them.
    for (const token of [...tokens, management.access_token]) await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    const entries: { value: string }[] = await instances.first.running.runtime.database.dataSource.query(
      `SELECT "value" FROM "revocation_entry" WHERE "kind" = 'client' AND "value" = ANY($1)`,
      [[tenant.environment.appKey, tenant.organization.clientId]],
    );
    expect(entries.map((entry) => entry.value).sort()).toEqual([tenant.environment.appKey, tenant.organization.clientId].sort());
  });
});
