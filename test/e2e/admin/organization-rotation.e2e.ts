import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';

/** Rotating an organization's secret (it may have leaked) ends the management tokens it obtained. */
describe('admin API: organization secret rotation', () => {
  let testbed: AdminTestbed;

  beforeAll(async () => {
    testbed = await startAdminTestbed();
  });

  afterAll(() => testbed?.stop());

  it('refuses management tokens issued before the rotation, at once; the new secret gets working ones', async () => {
    const tenant = await createTenant(testbed.gateway.provisioner);
    const organizationToken = (secret: string) =>
      testbed.token({ grant_type: 'client_credentials', client_id: tenant.organization.clientId, client_secret: secret });
    const before = await organizationToken(tenant.organizationSecret);
    const self = `/v1/organizations/${tenant.organization.id}`;
    expect((await testbed.api('GET', self, undefined, before)).status).toBe(200);

    // Tokens carry whole-second `iat`: let the second the old token was issued in pass.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const rotated = await testbed.api('POST', `${self}/rotate-secret`);
    expect(rotated.status).toBe(200);

    expect(await testbed.api('GET', self, undefined, before)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    await expect(organizationToken(tenant.organizationSecret)).rejects.toThrow(/401/);
    const after = await organizationToken(rotated.body.clientSecret);
    expect((await testbed.api('GET', self, undefined, after)).status).toBe(200);
    expect((await testbed.api('GET', self)).status).toBe(200);
  });
});
