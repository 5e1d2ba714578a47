import { accountCall, passwordLogin } from '../../support/account-api';
import { isActive } from '../../support/requests';
import { createTenant } from '../../support/tenant';
import { startTwoInstances, within, type TwoInstances } from '../../support/two-instances';

/**
 * A removal at one instance of the installation reaches the others (docs/gateway.md#account-self-service):
 * the removed logins' access tokens are refused everywhere within a second, as every revocation is.
 */
describe('account self-service across instances', () => {
  let instances: TwoInstances;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    instances = await startTwoInstances();
    tenant = await createTenant(instances.first.provisioner);
  });

  afterAll(() => instances?.stop());

  it('an account removed at the second instance (the built app) is refused at once by the first', async () => {
    const created = await fetch(`${instances.first.adminUrl}/v1/environments/${tenant.environment.id}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${instances.root}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ines', password: 'ines has a strong password' }),
    });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { uid: string };
    const kept = await passwordLogin(instances.first.url, tenant, 'ines', 'ines has a strong password');
    const removing = await passwordLogin(instances.second.url, tenant, 'ines', 'ines has a strong password');
    const credentials = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    expect((await accountCall(instances.first.url, 'GET', '/v3/auth/account', kept.access_token)).body.uid).toBe(user.uid);

    expect((await accountCall(instances.second.url, 'DELETE', '/v3/auth/account', removing.access_token)).status).toBe(204);
    expect(await within(1_000, async () => !(await isActive(instances.first.url, credentials, kept.access_token)))).toBe(true);
    expect((await accountCall(instances.first.url, 'GET', '/v3/auth/account', kept.access_token)).status).toBe(401);
  });
});
