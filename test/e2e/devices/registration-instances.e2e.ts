import { randomUUID } from 'node:crypto';
import { LocalIdentities } from '@rapidauth/identity';
import { BIOMETRIC_REFRESH_GRANT_TYPE } from '@rapidauth/oauth';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { createDeviceClient } from '../../support/device-client';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { deviceOcra, ocraStepAt } from '../../support/ocra';
import { basicAuth, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';
import { startTwoInstances, type TwoInstances } from '../../support/two-instances';

const SUITE = 'OCRA-1:HOTP-SHA256-8:QH64-T1M';

/**
 * A device's credentials across two instances of one installation (docs/gateway.md#device-registration):
 * registered on one, read on the other; re-keyed on one, the old registration token and secret are
 * refused on the other at once; a biometric assertion used on one is a replay on the other (its
 * `jti` is kept where every instance sees it). Nothing is kept in one process's memory.
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

  it('refuses on the other instance a biometric assertion already used on one: a replayed jti, counted', async () => {
    const { environment } = await createTenant(instances.first.provisioner);
    await instances.first.get(LocalIdentities).create(environment.id, { username: 'dana', password: 'dana password ok' });
    const device = await createDeviceClient(instances.first, environment.id);
    const config = await oidc.discovery(new URL(instances.first.url), device.clientId, undefined, oidc.ClientSecretBasic(device.clientSecret), { execute: [oidc.allowInsecureRequests] });
    const { started, callback } = await signInThroughLoginPage(instances.first.url, config, 'http://127.0.0.1/callback', { username: 'dana', password: 'dana password ok' });
    const signedIn = (await exchange(config, callback.location, started)) as unknown as { refresh_token: string; profile_id: string };
    const basic = basicAuth(device.clientId, device.clientSecret);
    const put = (path: string, body: unknown) =>
      fetch(`${instances.first.url}/v3/devices/profiles/${signedIn.profile_id}/${path}`, { method: 'PUT', headers: { ...basic, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    expect((await put('pin', { refresh_token: signedIn.refresh_token, pin: '480913' })).status).toBe(204);
    expect((await put('biometric-key', { refresh_token: signedIn.refresh_token, jwk: await exportJWK(publicKey) })).status).toBe(204);

    const assertion = () => new SignJWT({ aud: `${instances.first.url}/oauth/token`, iat: Math.floor(Date.now() / 1000), jti: randomUUID() }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const refresh = async (base: string, refreshToken: string, signed: string) => {
      const response = await postForm(`${base}/oauth/token`, { grant_type: BIOMETRIC_REFRESH_GRANT_TYPE, refresh_token: refreshToken, assertion: signed }, basic);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> & { refresh_token: string } };
    };
    const once = await assertion();
    const first = await refresh(instances.first.url, signedIn.refresh_token, once);
    expect(first.status).toBe(200);
    const replayed = await refresh(instances.second.url, first.body.refresh_token, once);
    expect(replayed.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_BIOMETRIC_ASSERTION', attempts_left: 2 });
    expect((await refresh(instances.second.url, first.body.refresh_token, await assertion())).status).toBe(200);
  });
});
