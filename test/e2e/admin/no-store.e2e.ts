import { LocalIdentities } from '@rapidauth/identity';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';

/**
 * Answers that carry a secret must not be kept by a browser or proxy cache: every admin answer is
 * `Cache-Control: no-store` (and `Pragma: no-cache`), the creating and rotating routes above all.
 */
describe('admin API: no answer is cacheable', () => {
  let testbed: AdminTestbed;

  beforeAll(async () => {
    testbed = await startAdminTestbed();
  });

  afterAll(() => testbed?.stop());

  /** The raw answer, to read its headers. */
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${testbed.gateway.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${testbed.root}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const expectNoStore = async (response: Response, secret: string) => {
    const body = (await response.json()) as Record<string, string>;
    expect({ status: response.status < 300, secret: typeof body[secret] }).toEqual({ status: true, secret: 'string' });
    expect({ cacheControl: response.headers.get('cache-control'), pragma: response.headers.get('pragma') }).toEqual({ cacheControl: 'no-store', pragma: 'no-cache' });
    return body;
  };

  it('a cache cannot keep the secrets shown by creating and rotating organizations, environments, clients and grants', async () => {
    const organization = await expectNoStore(await call('POST', '/v1/organizations', { name: 'cache-victim' }), 'clientSecret');
    await expectNoStore(await call('POST', `/v1/organizations/${organization.id}/rotate-secret`), 'clientSecret');
    const app = (await testbed.api('POST', `/v1/organizations/${organization.id}/apps`, { name: 'mobile' })).body;
    const environment = await expectNoStore(await call('POST', `/v1/apps/${app.id}/environments`, { name: 'production' }), 'appSecret');
    await expectNoStore(await call('POST', `/v1/environments/${environment.id}/rotate-secret`), 'appSecret');
    const client = await expectNoStore(
      await call('POST', `/v1/environments/${environment.id}/clients`, { name: 'Backend', type: 'confidential', grantTypes: ['client_credentials'] }),
      'clientSecret',
    );
    await expectNoStore(await call('POST', `/v1/clients/${client.id}/rotate-secret`), 'clientSecret');
    const account = await testbed.gateway.get(LocalIdentities).create(environment.id, { username: 'grant-holder', password: 'grant holder strong pw' });
    const grant = await expectNoStore(
      await call('POST', '/v1/authentication-grants', { principalDomainId: environment.id, principalId: account.accountId, clientId: environment.appKey }),
      'secret',
    );
    await expectNoStore(await call('POST', `/v1/authentication-grants/${grant.id}/rotate`), 'secret');
  });

  it('every other answer too: reads, errors and refused bodies', async () => {
    for (const response of [
      await call('GET', '/v1/organizations'),
      await call('GET', '/v1/organizations/00000000-0000-4000-8000-000000000000'),
      await fetch(`${testbed.gateway.adminUrl}/v1/organizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }),
    ]) {
      expect([response.status, response.headers.get('cache-control'), response.headers.get('pragma')]).toEqual([response.status, 'no-store', 'no-cache']);
    }
  });
});
