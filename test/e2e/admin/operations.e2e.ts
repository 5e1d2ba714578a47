import { ensureBootstrapAdmin } from '@rapidauth/access';
import { createScratchDatabase, type ScratchDatabase } from '@rapidauth/testing';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { postForm } from '../../support/requests';

/** Ops over the admin API: roles, signing-key rotation, the audit log. */
describe('admin API: roles, signing keys, audit events', () => {
  let scratch: ScratchDatabase;
  let gateway: GatewayInstance;
  let root: string;
  let organization: Record<string, string>;
  let orgToken: string;

  const token = async (form: Record<string, string>) =>
    ((await (await postForm(`${gateway.adminUrl}/management/token`, form)).json()) as { access_token: string }).access_token;
  const api = async (method: string, path: string, bearer: string, body?: unknown) => {
    const response = await fetch(`${gateway.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    gateway = await startGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), withAdmin: true });
    await ensureBootstrapAdmin(gateway.running.runtime.database.dataSource, { username: 'root', password: Buffer.from('root password ok') });
    root = await token({ grant_type: 'password', username: 'root', password: 'root password ok' });
    organization = (await api('POST', '/v1/organizations', root, { name: 'hooli' })).body;
    orgToken = await token({ grant_type: 'client_credentials', client_id: organization.clientId, client_secret: organization.clientSecret });
  });

  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

  it('lists the built-in roles to any admin', async () => {
    const { status, body } = await api('GET', '/v1/roles', orgToken);
    expect(status).toBe(200);
    expect(body.rows.map((role: { name: string }) => role.name)).toEqual(['admin', 'operator', 'owner', 'viewer']);
  });

  it('rotates signing keys for platform operators only; the new keys are published at once', async () => {
    expect((await api('POST', '/v1/signing-keys/rotate', orgToken, {})).status).toBe(403);
    expect((await api('POST', '/v1/signing-keys/rotate', root, { alg: 'HS256' })).status).toBe(400);
    const { status, body } = await api('POST', '/v1/signing-keys/rotate', root, { alg: 'ES256' });
    expect(status).toBe(200);
    expect(body.rotated).toEqual([{ kid: expect.any(String), alg: 'ES256', activatesAt: expect.any(String) }]);
    expect(new Date(body.rotated[0].activatesAt).getTime() - Date.now()).toBeGreaterThan(9 * 60 * 1000);
    const jwks = (await (await fetch(`${gateway.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toContain(body.rotated[0].kid);
  });

  it('reads the audit log by organization and filters, newest first; secrets never appear', async () => {
    await api('POST', `/v1/organizations/${organization.id}/rotate-secret`, root);
    const own = await api('GET', `/v1/audit-events?organizationId=${organization.id}`, orgToken);
    expect(own.status).toBe(200);
    expect(own.body.rows.map((event: { action: string }) => event.action)).toEqual(['organization.rotate_secret', 'organization.create']);
    expect(JSON.stringify(own.body)).not.toContain(organization.clientSecret);

    const platform = await api('GET', '/v1/audit-events?action=signing_key.rotate', root);
    expect(platform.body.rows).toEqual([expect.objectContaining({ action: 'signing_key.rotate', actorType: 'admin' })]);
    expect((await api('GET', '/v1/audit-events', orgToken)).status).toBe(403);
    const window = await api('GET', `/v1/audit-events?organizationId=${organization.id}&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`, root);
    expect(window.body.total).toBe(0);
    expect((await api('GET', '/v1/audit-events?from=yesterday', root)).status).toBe(400);
  });
});
