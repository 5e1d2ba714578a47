import { AppSignatureEntity, ClientEntity, RefreshTokenFamilyEntity } from '@rapidauth/database';
import { SEALED_PURPOSES, Vault } from '@rapidauth/vault';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const PASSWORD = 'app signature admin strong password';
const hex = (bytes: number) => 'ab'.repeat(bytes);

/**
 * App signatures over the admin API (docs/admin-api.md#app-signatures): defaults, the OCRA key shown
 * once and sealed, field-level refusals that write nothing, one signature per build, and revoking
 * the device clients registered with a signature.
 */
describe('admin API: app signatures', () => {
  let testbed: AdminTestbed;
  let environmentId: string;
  let otherEnvironmentId: string;
  let app: { clientId: string; secret: string };
  let counter = 0;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const manager = () => testbed.gateway.running.runtime.database.dataSource.manager;
  const build = (overrides: Record<string, unknown> = {}) => ({
    identifier: 'com.example.bank',
    version: `1.0.${++counter}`,
    platform: 'android',
    redirectUris: ['com.example.bank:/oauth2redirect'],
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}, environment = environmentId) => {
    const answer = await api('POST', `/v1/environments/${environment}/app-signatures`, build(overrides));
    if (answer.status !== 201) throw new Error(`create: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const storedKey = async (id: string) => {
    const row = await manager().findOneByOrFail(AppSignatureEntity, { id });
    return { row, key: testbed.gateway.get(Vault).open(row.secretSealed, SEALED_PURPOSES.appSignatureSecret(id)).toString('hex') };
  };
  const signatureCount = () => manager().countBy(AppSignatureEntity, { environmentId });

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    const tenant = await createTenant(testbed.gateway.provisioner, { customScopes: ['accounts:read'] });
    environmentId = tenant.environment.id;
    app = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    otherEnvironmentId = (await createTenant(testbed.gateway.provisioner)).environment.id;
  });

  afterAll(() => testbed?.stop());

  it('creates one with the defaults and a generated key shown once, sealed; reads, lists and audits it without the key', async () => {
    const created = await api('POST', `/v1/environments/${environmentId}/app-signatures`, build({ version: '2.0.0' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      environmentId,
      identifier: 'com.example.bank',
      version: '2.0.0',
      platform: 'android',
      ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
      secretSet: true,
      redirectUris: ['com.example.bank:/oauth2redirect'],
      scopes: ['openid', 'offline_access'],
      pinMaxAttempts: 3,
      pinMinLength: 5,
      dpop: 'required',
      clientSecretTtlSeconds: 0,
      enabled: true,
    });
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const { row, key } = await storedKey(created.body.id);
    expect(key).toBe(secret);
    expect(row.secretSealed).not.toContain(secret);

    const fetched = await api('GET', `/v1/app-signatures/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual({ ...created.body, secret: undefined, updatedAt: fetched.body.updatedAt });
    expect(fetched.body).not.toHaveProperty('secret');
    const list = await api('GET', `/v1/environments/${environmentId}/app-signatures?limit=100`);
    expect(list.status).toBe(200);
    expect(list.body.rows).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, secretSet: true })]));
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const events = await api('GET', `/v1/audit-events?targetId=${created.body.id}`);
    expect(events.body.rows).toEqual([
      expect.objectContaining({
        action: 'app_signature.create',
        targetType: 'app-signature',
        details: expect.objectContaining({ identifier: 'com.example.bank', version: '2.0.0', platform: 'android', environmentId, secretGenerated: true }),
      }),
    ]);
    expect(JSON.stringify(events.body)).not.toContain(secret);
  });

  it('takes a given key of the suite’s length, native redirect URIs, the environment’s custom scopes and every setting', async () => {
    const secret = hex(64);
    const created = await api(
      'POST',
      `/v1/environments/${environmentId}/app-signatures`,
      build({
        platform: 'ios',
        ocraSuite: 'OCRA-1:HOTP-SHA512-8:QN08-T1M',
        secret: secret.toUpperCase(),
        redirectUris: ['com.example.bank:/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb', 'https://bank.example.com/app/cb'],
        scopes: ['openid', 'accounts:read', 'openid'],
        pinMaxAttempts: 10,
        pinMinLength: 12,
        dpop: 'allowed',
        clientSecretTtlSeconds: 86_400,
        enabled: false,
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ secret, ocraSuite: 'OCRA-1:HOTP-SHA512-8:QN08-T1M', scopes: ['openid', 'accounts:read'], pinMaxAttempts: 10, pinMinLength: 12, dpop: 'allowed', clientSecretTtlSeconds: 86_400, enabled: false });
    expect((await storedKey(created.body.id)).key).toBe(secret);
    for (const [hash, bytes] of [['SHA1', 20], ['SHA256', 32]] as const) {
      const other = await api('POST', `/v1/environments/${environmentId}/app-signatures`, build({ ocraSuite: `OCRA-1:HOTP-${hash}-6:QA10-T30S`, secret: hex(bytes) }));
      expect(other.status).toBe(201);
      expect(other.body.secret).toBe(hex(bytes));
    }
  });

  it.each([
    ['a suite without a timestamp (RFC 6287 Appendix C)', { ocraSuite: 'OCRA-1:HOTP-SHA1-6:QN08' }, 'ocraSuite'],
    ['a suite with a counter', { ocraSuite: 'OCRA-1:HOTP-SHA512-8:C-QN08-T1M' }, 'ocraSuite'],
    ['a suite with a PIN', { ocraSuite: 'OCRA-1:HOTP-SHA256-8:QN08-PSHA1-T1M' }, 'ocraSuite'],
    ['a suite with session information', { ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-S064-T1M' }, 'ocraSuite'],
    ['a suite of 4 digits', { ocraSuite: 'OCRA-1:HOTP-SHA256-4:QH64-T1M' }, 'ocraSuite'],
    ['a key that is not hex', { secret: 'zz'.repeat(32) }, 'secret'],
    ['a key of SHA1’s length for SHA256', { secret: hex(20) }, 'secret'],
    ['a key of SHA256’s length for SHA512', { ocraSuite: 'OCRA-1:HOTP-SHA512-8:QH64-T1M', secret: hex(32) }, 'secret'],
    ['an empty identifier', { identifier: '' }, 'identifier'],
    ['an identifier with an empty label', { identifier: 'com..bank' }, 'identifier'],
    ['an identifier of 201 characters', { identifier: 'a'.repeat(201) }, 'identifier'],
    ['a version of 51 characters', { version: '1'.repeat(51) }, 'version'],
    ['a version with a space', { version: '1.0 beta' }, 'version'],
    ['another platform', { platform: 'windows' }, 'platform'],
    ['no redirect URI', { redirectUris: [] }, 'redirectUris'],
    ['a missing redirectUris', { redirectUris: undefined }, 'redirectUris'],
    ['http://localhost (RFC 8252 §8.3)', { redirectUris: ['http://localhost:8080/cb'] }, 'redirectUris'],
    ['http off loopback', { redirectUris: ['http://bank.example.com/cb'] }, 'redirectUris'],
    ['a private-use scheme without a dot', { redirectUris: ['bank:/cb'] }, 'redirectUris'],
    ['a redirect URI with a fragment', { redirectUris: ['com.example.bank:/cb#x'] }, 'redirectUris'],
    ['a scope the environment does not have', { scopes: ['payments:write'] }, 'scopes'],
    ['a malformed scope', { scopes: ['bad"scope'] }, 'scopes'],
    ['pinMaxAttempts 0', { pinMaxAttempts: 0 }, 'pinMaxAttempts'],
    ['pinMaxAttempts 11', { pinMaxAttempts: 11 }, 'pinMaxAttempts'],
    ['pinMinLength 3', { pinMinLength: 3 }, 'pinMinLength'],
    ['pinMinLength 13', { pinMinLength: 13 }, 'pinMinLength'],
    ['a dpop policy other than required or allowed', { dpop: 'never' }, 'dpop'],
    ['a negative clientSecretTtlSeconds', { clientSecretTtlSeconds: -1 }, 'clientSecretTtlSeconds'],
    ['enabled null', { enabled: null }, 'enabled'],
    ['an unknown field', { appSecret: 'x' }, 'appSecret'],
  ])('refuses %s with a field-level 400 and writes nothing', async (_case, overrides, field) => {
    const before = await signatureCount();
    const answer = await api('POST', `/v1/environments/${environmentId}/app-signatures`, build(overrides));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_request', code: 'INVALID_PARAMETER' });
    expect(answer.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await signatureCount()).toBe(before);
  });

  it('lists every problem the devices library finds in one answer', async () => {
    const answer = await api('POST', `/v1/environments/${environmentId}/app-signatures`, build({ ocraSuite: 'OCRA-1:HOTP-SHA1-6:QN08', redirectUris: ['http://localhost/cb'], scopes: ['nope'] }));
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((problem: { field: string }) => problem.field)).toEqual(['ocraSuite', 'redirectUris', 'scopes']);
  });

  it('holds one signature per identifier, version and platform in an environment: 409 NAME_TAKEN', async () => {
    const first = await create({ version: '3.0.0' });
    const again = await api('POST', `/v1/environments/${environmentId}/app-signatures`, build({ version: '3.0.0' }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'conflict', code: 'NAME_TAKEN', fields: [expect.objectContaining({ field: 'version' })] });
    const racing = await Promise.all([1, 2, 3].map(() => api('POST', `/v1/environments/${environmentId}/app-signatures`, build({ version: '3.1.0' }))));
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    expect((await api('POST', `/v1/environments/${environmentId}/app-signatures`, build({ version: '3.0.0', platform: 'ios' }))).status).toBe(201);
    expect((await api('POST', `/v1/environments/${otherEnvironmentId}/app-signatures`, build({ version: '3.0.0' }))).status).toBe(201);
    expect((await api('GET', `/v1/app-signatures/${first.id}`)).status).toBe(200);
  });

  it('changes what PATCH sends, never the build it names; a suite of another hash needs a key of its length', async () => {
    const created = await create();
    const { key: before } = await storedKey(created.id);
    const patched = await api('PATCH', `/v1/app-signatures/${created.id}`, { enabled: false, pinMaxAttempts: 5, redirectUris: ['com.example.bank:/other'], scopes: ['openid'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ identifier: created.identifier, version: created.version, enabled: false, pinMaxAttempts: 5, pinMinLength: 5, redirectUris: ['com.example.bank:/other'], scopes: ['openid'], secretSet: true });
    expect(patched.body).not.toHaveProperty('secret');
    expect((await storedKey(created.id)).key).toBe(before);

    for (const body of [{ identifier: 'com.example.other' }, { version: '9.9.9' }, { platform: 'ios' }, { enabled: null }, { pinMinLength: 20 }, { redirectUris: ['http://localhost/cb'] }]) {
      const refused = await api('PATCH', `/v1/app-signatures/${created.id}`, body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('INVALID_PARAMETER');
    }
    const withoutKey = await api('PATCH', `/v1/app-signatures/${created.id}`, { ocraSuite: 'OCRA-1:HOTP-SHA1-6:QN08-T1M' });
    expect(withoutKey.status).toBe(400);
    expect(withoutKey.body.fields).toEqual([expect.objectContaining({ field: 'secret' })]);
    const sameHash = await api('PATCH', `/v1/app-signatures/${created.id}`, { ocraSuite: 'OCRA-1:HOTP-SHA256-6:QN08-T30S' });
    expect(sameHash.body.ocraSuite).toBe('OCRA-1:HOTP-SHA256-6:QN08-T30S');
    expect((await api('GET', `/v1/app-signatures/${created.id}`)).body).toMatchObject({ enabled: false, pinMaxAttempts: 5, ocraSuite: 'OCRA-1:HOTP-SHA256-6:QN08-T30S' });

    const rekeyed = await api('PATCH', `/v1/app-signatures/${created.id}`, { ocraSuite: 'OCRA-1:HOTP-SHA1-6:QN08-T1M', secret: hex(20) });
    expect(rekeyed.status).toBe(200);
    expect(rekeyed.body).not.toHaveProperty('secret');
    expect((await storedKey(created.id)).key).toBe(hex(20));
    const events = await api('GET', `/v1/audit-events?targetId=${created.id}&action=app_signature.update`);
    expect(events.body.rows.map((event: { details: { fields: string[] } }) => [...event.details.fields].sort())).toEqual(
      expect.arrayContaining([['enabled', 'pinMaxAttempts', 'redirectUris', 'scopes'], ['ocraSuite'], ['ocraSuite', 'secret']]),
    );
    expect(JSON.stringify(events.body)).not.toContain(hex(20));
  });

  describe('device clients', () => {
    /** A device client as registration will make it (kind device, bound to the signature), signed in by client_credentials. */
    const deviceClient = async (signatureId: string) => {
      const { client, clientSecret } = await testbed.gateway.provisioner.createClient({ environmentId, name: 'Pixel 9', type: 'confidential', grantTypes: ['client_credentials'] });
      await manager().update(ClientEntity, { id: client.id }, { kind: 'device', appSignatureId: signatureId });
      const token = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(client.clientId, clientSecret!));
      expect(token.status).toBe(200);
      const family = await manager().save(
        manager().create(RefreshTokenFamilyEntity, {
          environmentId,
          clientId: client.clientId,
          accountId: null,
          identityId: null,
          scope: 'openid',
          authTime: new Date(),
          absoluteExpiresAt: new Date(Date.now() + 3_600_000),
        }),
      );
      return { id: client.id, clientId: client.clientId, secret: clientSecret!, accessToken: ((await token.json()) as { access_token: string }).access_token, familyId: family.id };
    };
    const stateOf = async (device: Awaited<ReturnType<typeof deviceClient>>) => ({
      enabled: (await manager().findOneByOrFail(ClientEntity, { id: device.id })).enabled,
      familyRevoked: (await manager().findOneByOrFail(RefreshTokenFamilyEntity, { id: device.familyId })).revokedAt !== null,
      active: await isActive(testbed.gateway.url, app, device.accessToken),
    });

    it('are listed with their kind and signature; revoke-devices disables them and revokes their logins, no other client’s', async () => {
      const signature = await create();
      const other = await create();
      const [device, bystander] = [await deviceClient(signature.id), await deviceClient(other.id)];
      const registered = (await testbed.gateway.provisioner.createClient({ environmentId, name: 'Web', type: 'confidential', grantTypes: ['client_credentials'] })).client;

      const clients = await api('GET', `/v1/environments/${environmentId}/clients?limit=100`);
      expect(clients.body.rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: device.id, kind: 'device', appSignatureId: signature.id }),
          expect.objectContaining({ id: registered.id, kind: 'registered', appSignatureId: null }),
        ]),
      );
      expect(await stateOf(device)).toEqual({ enabled: true, familyRevoked: false, active: true });

      const revoked = await api('POST', `/v1/app-signatures/${signature.id}/revoke-devices`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual({ devices: 1, revokedLogins: 1 });
      expect(await stateOf(device)).toEqual({ enabled: false, familyRevoked: true, active: false });
      expect((await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(device.clientId, device.secret))).status).toBe(401);
      expect(await stateOf(bystander)).toEqual({ enabled: true, familyRevoked: false, active: true });
      expect((await api('GET', `/v1/app-signatures/${signature.id}`)).body.enabled).toBe(true);

      const events = await api('GET', `/v1/audit-events?targetId=${signature.id}&action=app_signature.revoke_devices`);
      expect(events.body.rows).toEqual([expect.objectContaining({ details: expect.objectContaining({ devices: 1, revokedLogins: 1 }) })]);
      expect((await api('POST', `/v1/app-signatures/${signature.id}/revoke-devices`)).body).toEqual({ devices: 1, revokedLogins: 0 });
    });

    it('go with a deleted signature: disabled, logins revoked, kept without their signature', async () => {
      const signature = await create();
      const device = await deviceClient(signature.id);
      const deleted = await api('DELETE', `/v1/app-signatures/${signature.id}`);
      expect(deleted.status).toBe(204);
      expect(await stateOf(device)).toEqual({ enabled: false, familyRevoked: true, active: false });
      expect((await api('GET', `/v1/clients/${device.id}`)).body).toMatchObject({ kind: 'device', appSignatureId: null, enabled: false });
      expect((await api('GET', `/v1/app-signatures/${signature.id}`)).status).toBe(404);
      const events = await api('GET', `/v1/audit-events?targetId=${signature.id}&action=app_signature.delete`);
      expect(events.body.rows).toEqual([expect.objectContaining({ details: expect.objectContaining({ devices: 1, revokedLogins: 1 }) })]);
      expect((await api('DELETE', `/v1/app-signatures/${signature.id}`)).status).toBe(404);
    });
  });

  it('needs devices:* on the environment: viewers read, operators also revoke devices, neither writes; other organizations see nothing', async () => {
    const signature = await create();
    const foreign = await create({}, otherEnvironmentId);
    const organizationId = (await api('GET', `/v1/environments/${environmentId}`)).body.organizationId;
    const bearerFor = async (role: string) => {
      const admin = await api('POST', '/v1/admins', { username: `signatures-${role}`, password: PASSWORD });
      await api('POST', '/v1/authorities', { principal: { type: 'admin', id: admin.body.id }, role, target: { type: 'organization', id: organizationId } });
      return testbed.token({ grant_type: 'password', username: `signatures-${role}`, password: PASSWORD });
    };
    const [viewer, operator] = [await bearerFor('viewer'), await bearerFor('operator')];
    const status = async (bearer: string, method: string, path: string, body?: unknown) => (await api(method, path, body, bearer)).status;

    for (const bearer of [viewer, operator]) {
      expect(await status(bearer, 'GET', `/v1/app-signatures/${signature.id}`)).toBe(200);
      expect(await status(bearer, 'GET', `/v1/environments/${environmentId}/app-signatures`)).toBe(200);
      expect(await status(bearer, 'POST', `/v1/environments/${environmentId}/app-signatures`, build())).toBe(403);
      expect(await status(bearer, 'PATCH', `/v1/app-signatures/${signature.id}`, { enabled: false })).toBe(403);
      expect(await status(bearer, 'DELETE', `/v1/app-signatures/${signature.id}`)).toBe(403);
      expect(await status(bearer, 'GET', `/v1/app-signatures/${foreign.id}`)).toBe(404);
      expect(await status(bearer, 'POST', `/v1/app-signatures/${foreign.id}/revoke-devices`)).toBe(404);
    }
    expect(await status(viewer, 'POST', `/v1/app-signatures/${signature.id}/revoke-devices`)).toBe(403);
    expect(await status(operator, 'POST', `/v1/app-signatures/${signature.id}/revoke-devices`)).toBe(200);
    expect(await status(viewer, 'GET', `/v1/app-signatures/${signature.id}`)).toBe(200);
  });
});
