import { randomUUID } from 'node:crypto';
import { ClientEntity } from '@rapidauth/database';
import { LocalIdentities } from '@rapidauth/identity';
import { PIN_REFRESH_GRANT_TYPE } from '@rapidauth/oauth';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createDeviceClient } from '../../support/device-client';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { nativeAppConfig } from '../../support/oidc-client';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { ACME_MOBILE, createTenant } from '../../support/tenant';
import { schemaProblems, type Schema } from './openapi/schema-check';

const REDIRECT = 'http://127.0.0.1/callback';
const PIN = '480913';
const USERS = { dana: 'dana password ok', erin: 'erin password ok' } as const;
type User = keyof typeof USERS;
type Tokens = { access_token: string; refresh_token: string; profile_id?: string };

/**
 * A device client's user profiles over the admin API (docs/admin-api.md#device-profiles): devices
 * registered over HTTP, users signed in through the hosted page as the device (openid-client);
 * admins list the profiles and delete one exactly as the device deregistering it would. On both
 * databases: concurrent deletions of one profile must take turns on each.
 */
describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
])('admin API on %s: device profiles', (_, embedded) => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const manager = () => testbed.gateway.running.runtime.database.dataSource.manager;
  const app = () => ({ clientId: tenant.environment.appKey, secret: tenant.appSecret });
  const active = (accessToken: string) => isActive(testbed.gateway.url, app(), accessToken);

  /** A registered device, its client row's id (the admin API's `:id`) and openid-client as it. */
  const device = async () => {
    const registered = await createDeviceClient(testbed.gateway, tenant.environment.id);
    const config = await oidc.discovery(new URL(testbed.gateway.url), registered.clientId, undefined, oidc.ClientSecretBasic(registered.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
    const row = await manager().findOneByOrFail(ClientEntity, { clientId: registered.clientId });
    return { ...registered, id: row.id, config, basic: basicAuth(registered.clientId, registered.clientSecret) };
  };
  type Device = Awaited<ReturnType<typeof device>>;

  /** A login through the hosted page: for a device client, a new profile. */
  const signIn = async (config: oidc.Configuration, user: User): Promise<Tokens> => {
    const { started, callback } = await signInThroughLoginPage(testbed.gateway.url, config, REDIRECT, { username: user, password: USERS[user] });
    return (await exchange(config, callback.location, started)) as unknown as Tokens;
  };
  const uidOf = (tokens: Tokens) => decodeJwt(tokens.access_token).sub;

  const setPin = async (on: Device, tokens: Tokens) => {
    const response = await fetch(`${testbed.gateway.url}/v3/devices/profiles/${tokens.profile_id}/pin`, {
      method: 'PUT',
      headers: { ...on.basic, 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: tokens.refresh_token, pin: PIN }),
    });
    expect(response.status).toBe(204);
  };
  const pinRefresh = async (on: Device, tokens: Tokens) => {
    const response = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: PIN_REFRESH_GRANT_TYPE, refresh_token: tokens.refresh_token, pin: PIN }, on.basic);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const ownList = async (on: Device) => {
    const response = await fetch(`${testbed.gateway.url}/v3/devices/profiles`, { headers: on.basic });
    return ((await response.json()) as { profiles: Array<{ profile_id: string }> }).profiles.map((profile) => profile.profile_id);
  };
  const listed = async (id: string) => ((await api('GET', `/v1/clients/${id}/profiles`)).body.profiles as Array<{ profileId: string }>).map((profile) => profile.profileId);
  const pinRows = async (familyId: string) =>
    ((await manager().query(`SELECT count(*)::int AS "n" FROM "profile_pin" WHERE "family_id" = $1`, [familyId])) as Array<{ n: number }>)[0].n;

  beforeAll(async () => {
    // Every test registers devices and signs users in again, more than the per-address limits allow (their own suites test them).
    testbed = await startAdminTestbed({ embedded, env: { DEVICE_REGISTRATION_RATE_LIMIT: '1000', LOGIN_RATE_LIMIT: '1000' } });
    tenant = await createTenant(testbed.gateway.provisioner);
    for (const [username, password] of Object.entries(USERS)) await testbed.gateway.get(LocalIdentities).create(tenant.environment.id, { username, password });
  });

  afterAll(() => testbed?.stop());

  it("lists a device client's live profiles, oldest first, in the documented shape and as the device sees them", async () => {
    const on = await device();
    const dana = await signIn(on.config, 'dana');
    await setPin(on, dana);
    const erin = await signIn(on.config, 'erin');

    const answer = await api('GET', `/v1/clients/${on.id}/profiles`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      profiles: [
        { profileId: dana.profile_id, uid: uidOf(dana), createdAt: expect.any(String), pinSet: true, biometricSet: false, lastUsedAt: expect.any(String) },
        { profileId: erin.profile_id, uid: uidOf(erin), createdAt: expect.any(String), pinSet: false, biometricSet: false, lastUsedAt: expect.any(String) },
      ],
    });
    expect(await ownList(on)).toEqual([dana.profile_id, erin.profile_id]);

    const document = (await (await fetch(`${testbed.gateway.adminUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: Schema }> }> }>>;
      components: { schemas: Record<string, Schema> };
    };
    const documented = document.paths['/v1/clients/{id}/profiles'].get.responses['200'].content['application/json'].schema;
    expect(schemaProblems(documented, answer.body, document.components.schemas)).toEqual([]);
  });

  it('deletes one profile as the device deregistering it: its tokens stop working and its PIN goes; the other profile still refreshes; audited', async () => {
    const on = await device();
    const ended = await signIn(on.config, 'dana');
    await setPin(on, ended);
    const kept = await signIn(on.config, 'erin');
    expect(await active(ended.access_token)).toBe(true);
    expect(await pinRows(ended.profile_id!)).toBe(1);

    const deleted = await api('DELETE', `/v1/clients/${on.id}/profiles/${ended.profile_id}`);
    expect(deleted).toEqual({ status: 204, body: {} });
    expect(await active(ended.access_token)).toBe(false);
    expect((await pinRefresh(on, ended)).body).toMatchObject({ error: 'invalid_grant' });
    expect(await pinRows(ended.profile_id!)).toBe(0);

    expect(await active(kept.access_token)).toBe(true);
    const refreshed = (await oidc.refreshTokenGrant(on.config, kept.refresh_token)) as unknown as Tokens;
    expect(refreshed.profile_id).toBe(kept.profile_id);
    expect(await active(refreshed.access_token)).toBe(true);
    expect(await listed(on.id)).toEqual([kept.profile_id]);
    expect(await ownList(on)).toEqual([kept.profile_id]);

    const events = await api('GET', `/v1/audit-events?targetId=${on.id}&action=client.profile_delete`);
    expect(events.body.rows).toEqual([
      expect.objectContaining({ targetType: 'client', details: expect.objectContaining({ profileId: ended.profile_id, uid: uidOf(ended), clientId: on.clientId }) }),
    ]);
    expect((await api('DELETE', `/v1/clients/${on.id}/profiles/${ended.profile_id}`)).body).toMatchObject({ error: 'not_found', code: 'UNKNOWN_PROFILE' });
  });

  it('answers 404 for an unknown client (NOT_FOUND) and for a profile that is not a live one of this client (UNKNOWN_PROFILE), changing nothing', async () => {
    const on = await device();
    const other = await device();
    const foreign = await signIn(other.config, 'dana');

    for (const method of ['GET', 'DELETE']) {
      const path = method === 'GET' ? `/v1/clients/${randomUUID()}/profiles` : `/v1/clients/${randomUUID()}/profiles/${foreign.profile_id}`;
      expect(await api(method, path)).toMatchObject({ status: 404, body: { error: 'not_found', code: 'NOT_FOUND' } });
    }
    for (const profileId of [randomUUID(), foreign.profile_id]) {
      expect(await api('DELETE', `/v1/clients/${on.id}/profiles/${profileId}`)).toMatchObject({
        status: 404,
        body: { error: 'not_found', code: 'UNKNOWN_PROFILE', fields: [expect.objectContaining({ field: 'profileId' })] },
      });
    }
    expect(await api('DELETE', `/v1/clients/${on.id}/profiles/not-a-uuid`)).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER' } });
    expect(await api('GET', '/v1/clients/not-a-uuid/profiles')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

    expect(await active(foreign.access_token)).toBe(true);
    expect(await listed(other.id)).toEqual([foreign.profile_id]);
    expect(await listed(on.id)).toEqual([]);
  });

  it("has no profiles for a client that is not a device client: its logins are neither listed nor deleted here", async () => {
    const config = await nativeAppConfig(testbed.gateway, tenant.environment.id, ACME_MOBILE);
    const row = await manager().findOneByOrFail(ClientEntity, { clientId: config.clientMetadata().client_id });
    const login = await signIn(config, 'dana');
    const familyId = decodeJwt(login.access_token).sid as string;

    expect(await api('GET', `/v1/clients/${row.id}/profiles`)).toEqual({ status: 200, body: { profiles: [] } });
    expect(await api('DELETE', `/v1/clients/${row.id}/profiles/${familyId}`)).toMatchObject({ status: 404, body: { code: 'UNKNOWN_PROFILE' } });
    expect(await active(login.access_token)).toBe(true);
  });

  it('deletes a profile once when admins delete it at the same time: one 204, the others UNKNOWN_PROFILE, one audit event', async () => {
    const on = await device();
    const signedIn = await signIn(on.config, 'dana');
    const answers = await Promise.all(Array.from({ length: 6 }, () => api('DELETE', `/v1/clients/${on.id}/profiles/${signedIn.profile_id}`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 404, 404, 404, 404, 404]);
    expect(answers.filter((answer) => answer.status === 404).map((answer) => answer.body.code)).toEqual(Array(5).fill('UNKNOWN_PROFILE'));
    expect((await api('GET', `/v1/audit-events?targetId=${on.id}&action=client.profile_delete`)).body.rows).toHaveLength(1);
    expect(await active(signedIn.access_token)).toBe(false);
  });
});
