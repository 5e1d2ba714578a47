import { randomUUID } from 'node:crypto';
import { ClientEntity } from '@rapidauth/database';
import { LocalIdentities } from '@rapidauth/identity';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createDeviceClient } from '../../support/device-client';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { basicAuth, isActive } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1/callback';
type Tokens = { access_token: string; refresh_token: string; profile_id: string };

/**
 * A device client through the client routes of the admin API (docs/admin-api.md#device-clients):
 * an admin renames, disables and enables it — disabling revokes its logins as for any client —,
 * asks its DPoP proofs for server nonces, and deletes it; the fields its registration and app signature own are refused field by field
 * (READ_ONLY_FIELD), and so is rotating the secret only the device can learn. Nothing refused changes.
 */
describe('admin API: device clients', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const active = (accessToken: string) => isActive(testbed.gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, accessToken);

  /** A device registered over HTTP, its row's id (the admin API's `:id`) and openid-client as it. */
  const device = async () => {
    const registered = await createDeviceClient(testbed.gateway, tenant.environment.id);
    const config = await oidc.discovery(new URL(testbed.gateway.url), registered.clientId, undefined, oidc.ClientSecretBasic(registered.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
    const row = await testbed.gateway.running.runtime.database.dataSource.manager.findOneByOrFail(ClientEntity, { clientId: registered.clientId });
    return { ...registered, id: row.id, config };
  };
  type Device = Awaited<ReturnType<typeof device>>;

  const signIn = async (on: Device): Promise<Tokens> => {
    const { started, callback } = await signInThroughLoginPage(testbed.gateway.url, on.config, REDIRECT, { username: 'dana', password: 'dana password ok' });
    return (await exchange(on.config, callback.location, started)) as unknown as Tokens;
  };
  const refreshes = (on: Device, tokens: Tokens) => oidc.refreshTokenGrant(on.config, tokens.refresh_token).then(() => true, () => false);
  /** The device's own RFC 7592 read of its registration. */
  const selfRead = async (on: Device) => {
    const response = await fetch(`${testbed.gateway.url}/v3/devices/clients/${on.clientId}`, { headers: { authorization: `Bearer ${on.registrationAccessToken}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed({ env: { DEVICE_REGISTRATION_RATE_LIMIT: '1000', LOGIN_RATE_LIMIT: '1000' } });
    tenant = await createTenant(testbed.gateway.provisioner);
    await testbed.gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'dana', password: 'dana password ok' });
  });

  afterAll(() => testbed?.stop());

  it('renames a device client; the device reads its new name over RFC 7592', async () => {
    const on = await device();
    const renamed = await api('PATCH', `/v1/clients/${on.id}`, { name: '  Dana’s phone ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ kind: 'device', name: 'Dana’s phone', grantTypes: expect.arrayContaining(['urn:rapidauth:grant-type:pin-refresh']) });
    expect((await selfRead(on)).body).toMatchObject({ client_name: 'Dana’s phone' });
    expect(await api('PATCH', `/v1/clients/${on.id}`, { name: '   ' })).toMatchObject({ status: 400, body: { code: 'INVALID_CLIENT_SETTINGS', fields: [{ field: 'name' }] } });
  });

  it.each([
    ['PATCH {enabled: false}', (id: string) => api('PATCH', `/v1/clients/${id}`, { enabled: false })],
    ['POST /disable', (id: string) => api('POST', `/v1/clients/${id}/disable`)],
  ])('disables a device client by %s: its logins are revoked, its registration read refused; enabled again, it signs in anew', async (_how, disable) => {
    const on = await device();
    const tokens = await signIn(on);
    expect(await active(tokens.access_token)).toBe(true);
    expect(await disable(on.id)).toMatchObject({ status: 200, body: { kind: 'device', enabled: false } });
    expect(await active(tokens.access_token)).toBe(false);
    expect(await selfRead(on)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });

    expect(await api('POST', `/v1/clients/${on.id}/enable`)).toMatchObject({ status: 200, body: { enabled: true } });
    expect(await refreshes(on, tokens)).toBe(false);
    expect((await selfRead(on)).status).toBe(200);
    // A new login's family is not revoked (its first access token may share the revocation's second: the refresh tells).
    expect(await refreshes(on, await signIn(on))).toBe(true);
    const events = await api('GET', `/v1/audit-events?targetId=${on.id}&action=client.update`);
    expect(events.body.rows.map((event: { details: { fields: string[] } }) => event.details.fields)).toEqual([['enabled'], ['enabled']]);
  });

  it.each([
    ['grantTypes', { grantTypes: ['authorization_code', 'refresh_token'] }],
    ['redirectUris', { redirectUris: ['com.example.other:/cb'] }],
    ['tokenEndpointAuthMethod', { tokenEndpointAuthMethod: 'client_secret_post' }],
    ['dpopBoundAccessTokens', { dpopBoundAccessTokens: true }],
    ['firstParty', { firstParty: false }],
    ['applicationType', { applicationType: 'web' }],
    ['allowedOrigins', { allowedOrigins: ['https://app.example.com'] }],
    ['postLogoutRedirectUris', { postLogoutRedirectUris: ['http://127.0.0.1/bye'] }],
    ['idTokenSignedResponseAlg', { idTokenSignedResponseAlg: 'ES256' }],
  ])('refuses a change of %s with 400 READ_ONLY_FIELD on that field, changing nothing (a name sent beside it neither)', async (field, change) => {
    const on = await device();
    const before = (await api('GET', `/v1/clients/${on.id}`)).body;
    const refused = await api('PATCH', `/v1/clients/${on.id}`, { name: 'Renamed', ...change });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_request', code: 'READ_ONLY_FIELD', fields: [{ field, message: expect.stringContaining('app signature') }] });
    expect((await api('GET', `/v1/clients/${on.id}`)).body).toEqual(before);
  });

  it('makes a device client’s DPoP proofs carry server nonces (RFC 9449 §8) when an admin asks, and stop again', async () => {
    const on = await device();
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const listProfiles = async (nonce?: string) => {
      const proof = await new SignJWT({ htm: 'GET', htu: `${testbed.gateway.url}/v3/devices/profiles`, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...(nonce && { nonce }) })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(privateKey);
      const response = await fetch(`${testbed.gateway.url}/v3/devices/profiles`, { headers: { ...basicAuth(on.clientId, on.clientSecret), DPoP: proof } });
      return { status: response.status, nonce: response.headers.get('dpop-nonce'), body: (await response.json()) as Record<string, unknown> };
    };
    expect((await listProfiles()).status).toBe(200);
    expect(await api('PATCH', `/v1/clients/${on.id}`, { dpopNonceRequired: true })).toMatchObject({ status: 200, body: { dpopNonceRequired: true, dpopBoundAccessTokens: false } });
    const asked = await listProfiles();
    expect(asked).toMatchObject({ status: 400, nonce: expect.any(String), body: { error: 'use_dpop_nonce', code: 'USE_DPOP_NONCE' } });
    expect((await listProfiles(asked.nonce!)).status).toBe(200);
    expect(await api('PATCH', `/v1/clients/${on.id}`, { dpopNonceRequired: null })).toMatchObject({ status: 200, body: { dpopNonceRequired: false } });
    expect((await listProfiles()).status).toBe(200);
  });

  it('names every read-only field of one PATCH', async () => {
    const on = await device();
    const refused = await api('PATCH', `/v1/clients/${on.id}`, { redirectUris: ['com.example.other:/cb'], firstParty: false, enabled: false });
    expect(refused.body).toMatchObject({ code: 'READ_ONLY_FIELD' });
    expect(refused.body.fields.map((problem: { field: string }) => problem.field).sort()).toEqual(['firstParty', 'redirectUris']);
    expect((await api('GET', `/v1/clients/${on.id}`)).body.enabled).toBe(true);
  });

  it('refuses to rotate a device client’s secret (the device rotates its own): the secret keeps working', async () => {
    const on = await device();
    const refused = await api('POST', `/v1/clients/${on.id}/rotate-secret`);
    expect(refused).toMatchObject({ status: 400, body: { code: 'READ_ONLY_FIELD', fields: [{ field: 'clientSecret' }] } });
    expect(refused.body).not.toHaveProperty('clientSecret');
    const tokens = await signIn(on);
    expect(await refreshes(on, tokens)).toBe(true);
  });

  it.each([
    ['its app signature is deleted', (on: Device) => api('DELETE', `/v1/app-signatures/${on.appSignatureId}`)],
    ['it deregistered itself (RFC 7592)', (on: Device) => fetch(`${testbed.gateway.url}/v3/devices/clients/${on.clientId}`, { method: 'DELETE', headers: { authorization: `Bearer ${on.registrationAccessToken}` } })],
  ])('keeps a device client disabled once %s: enabling it is 400 INVALID_CLIENT_SETTINGS', async (_once, end) => {
    const on = await device();
    expect((await end(on)).status).toBe(204);
    expect(await api('POST', `/v1/clients/${on.id}/enable`)).toMatchObject({ status: 400, body: { code: 'INVALID_CLIENT_SETTINGS', fields: [{ field: 'enabled' }] } });
    expect((await api('GET', `/v1/clients/${on.id}`)).body).toMatchObject({ enabled: false });
    expect(await api('PATCH', `/v1/clients/${on.id}`, { name: 'Old phone' })).toMatchObject({ status: 200, body: { name: 'Old phone', enabled: false } });
  });

  it('deletes a device client: every profile’s tokens stop (introspection), the registration is gone', async () => {
    const on = await device();
    const [first, second] = [await signIn(on), await signIn(on)];
    expect(await api('DELETE', `/v1/clients/${on.id}`)).toMatchObject({ status: 204 });
    expect([await active(first.access_token), await active(second.access_token)]).toEqual([false, false]);
    expect((await selfRead(on)).status).toBe(401);
    expect((await api('GET', `/v1/clients/${on.id}`)).status).toBe(404);
  });
});
