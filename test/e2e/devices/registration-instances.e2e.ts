import { deviceOcra, ocraStepAt } from '../../support/ocra';
import { createTenant } from '../../support/tenant';
import { startTwoInstances, type TwoInstances } from '../../support/two-instances';

const SUITE = 'OCRA-1:HOTP-SHA256-8:QH64-T1M';

/**
 * A device's credentials across two instances of one installation (docs/gateway.md#device-registration):
 * registered on one, read on the other; re-keyed on one, the old registration token and secret are
 * refused on the other at once (nothing is kept in one process's memory).
 */
describe('device registration across two instances', () => {
  let instances: TwoInstances;

  beforeAll(async () => {
    instances = await startTwoInstances();
  });

  afterAll(() => instances?.stop());

  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const read = (base: string, clientId: string, token: string) => fetch(`${base}/v3/devices/clients/${clientId}`, { headers: { authorization: `Bearer ${token}` } });

  it('refuses a registration token rotated on the other instance at once', async () => {
    const { environment } = await createTenant(instances.first.provisioner);
    const build = { identifier: 'com.example.instances', version: '1.0.0', platform: 'ios' };
    const created = await fetch(`${instances.first.adminUrl}/v1/environments/${environment.id}/app-signatures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${instances.root}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...build, redirectUris: ['com.example.instances:/cb'] }),
    });
    const { secret: key } = (await created.json()) as { secret: string };
    const asked = (await (await post(`${instances.first.url}/v3/devices/challenge`, build)).json()) as { registration_id: string; challenge: string };
    const response = deviceOcra(SUITE, key, asked.challenge, { timeStep: ocraStepAt(SUITE, Date.now()) });
    const registered = await post(`${instances.second.url}/v3/devices/register`, { registration_id: asked.registration_id, ocra_response: response });
    expect(registered.status).toBe(201);
    const client = (await registered.json()) as { client_id: string; registration_access_token: string };

    expect((await read(instances.first.url, client.client_id, client.registration_access_token)).status).toBe(200);
    expect((await read(instances.second.url, client.client_id, client.registration_access_token)).status).toBe(200);
    const rotated = await fetch(`${instances.first.url}/v3/devices/clients/${client.client_id}/secret`, { method: 'POST', headers: { authorization: `Bearer ${client.registration_access_token}` } });
    expect(rotated.status).toBe(200);
    const { registration_access_token: newToken } = (await rotated.json()) as { registration_access_token: string };
    expect((await read(instances.second.url, client.client_id, client.registration_access_token)).status).toBe(401);
    expect((await read(instances.second.url, client.client_id, newToken)).status).toBe(200);
  });
});
