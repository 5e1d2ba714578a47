import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';

/** Ops over the admin API: roles, signing-key rotation, the audit log. */
describe('admin API: roles, signing keys, audit events', () => {
  let testbed: AdminTestbed;
  let organization: Record<string, string>;
  let orgToken: string;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    organization = (await api('POST', '/v1/organizations', { name: 'hooli' })).body;
    orgToken = await testbed.token({ grant_type: 'client_credentials', client_id: organization.clientId, client_secret: organization.clientSecret });
  });

  afterAll(() => testbed?.stop());

  it('lists the built-in roles to any admin', async () => {
    const { status, body } = await api('GET', '/v1/roles', undefined, orgToken);
    expect(status).toBe(200);
    expect(body.rows.map((role: { name: string }) => role.name)).toEqual(['admin', 'operator', 'owner', 'viewer']);
  });

  it('rotates signing keys for platform operators only; the new keys are published at once', async () => {
    expect((await api('POST', '/v1/signing-keys/rotate', {}, orgToken)).status).toBe(403);
    expect((await api('POST', '/v1/signing-keys/rotate', { alg: 'HS256' })).status).toBe(400);
    const { status, body } = await api('POST', '/v1/signing-keys/rotate', { alg: 'ES256' });
    expect(status).toBe(200);
    expect(body.rotated).toEqual([{ kid: expect.any(String), alg: 'ES256', activatesAt: expect.any(String) }]);
    expect(new Date(body.rotated[0].activatesAt).getTime() - Date.now()).toBeGreaterThan(9 * 60 * 1000);
    const jwks = (await (await fetch(`${testbed.gateway.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toContain(body.rotated[0].kid);
  });

  it('reads the audit log by organization and filters, newest first; secrets never appear', async () => {
    const rotated = await api('POST', `/v1/organizations/${organization.id}/rotate-secret`);
    // The rotation ends the organization's earlier management tokens: sign in with the new secret.
    const rotatedToken = await testbed.token({ grant_type: 'client_credentials', client_id: organization.clientId, client_secret: rotated.body.clientSecret });
    const own = await api('GET', `/v1/audit-events?organizationId=${organization.id}`, undefined, rotatedToken);
    expect(own.status).toBe(200);
    expect(own.body.rows.map((event: { action: string }) => event.action)).toEqual(['organization.rotate_secret', 'organization.create']);
    expect(JSON.stringify(own.body)).not.toContain(organization.clientSecret);
    expect(JSON.stringify(own.body)).not.toContain(rotated.body.clientSecret);

    const platform = await api('GET', '/v1/audit-events?action=signing_key.rotate');
    expect(platform.body.rows).toEqual([expect.objectContaining({ action: 'signing_key.rotate', actorType: 'admin' })]);
    expect((await api('GET', '/v1/audit-events', undefined, rotatedToken)).status).toBe(403);
    const window = await api('GET', `/v1/audit-events?organizationId=${organization.id}&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`);
    expect(window.body.total).toBe(0);
    expect((await api('GET', '/v1/audit-events?from=yesterday')).status).toBe(400);
  });
});
