import { ClientEntity, DeviceRegistrationEntity, RefreshTokenFamilyEntity } from '@rapidauth/database';
import { TenancyChanges } from '@rapidauth/tenancy';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { deviceOcra, ocraStepAt } from '../../support/ocra';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const SUITE = 'OCRA-1:HOTP-SHA256-8:QH64-T1M';
const DEVICE_GRANTS = ['authorization_code', 'refresh_token', 'urn:rapidauth:grant-type:pin-refresh', 'urn:rapidauth:grant-type:biometric-refresh'];

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

const call = async (url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
  const response = await fetch(url, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
};

/**
 * Device registration (docs/gateway.md#device-registration): an OCRA challenge answered once with
 * the app signature's key creates a device client (RFC 7591 §3.2.1), which the device then reads,
 * re-keys and deregisters over RFC 7592 with its registration access token.
 */
describe('device registration', () => {
  let testbed: AdminTestbed;
  let environmentId: string;
  let app: { clientId: string; secret: string };
  let counter = 0;

  const gateway = (path: string, method = 'POST', body?: unknown, headers?: Record<string, string>) => call(`${testbed.gateway.url}${path}`, method, body, headers);
  const manager = () => testbed.gateway.running.runtime.database.dataSource.manager;

  /** A new signature over the admin API: its build and key. */
  const signature = async (overrides: Record<string, unknown> = {}) => {
    const build = { identifier: `com.example.device${++counter}`, version: '1.0.0', platform: 'android' };
    const created = await testbed.api('POST', `/v1/environments/${environmentId}/app-signatures`, { ...build, redirectUris: ['com.example.device:/cb'], ...overrides });
    if (created.status !== 201) throw new Error(`signature: ${created.status} ${JSON.stringify(created.body)}`);
    return { build, id: created.body.id as string, key: created.body.secret as string };
  };
  const challenge = async (build: Record<string, string>) => {
    const answer = await gateway('/v3/devices/challenge', 'POST', build);
    expect(answer.status).toBe(200);
    return answer.body as { registration_id: string; challenge: string; ocra_suite: string; expires_in: number };
  };
  /** The device's answer with its clock `minutes` off ours. */
  const respond = (key: string, question: string, minutes = 0) => deviceOcra(SUITE, key, question, { timeStep: ocraStepAt(SUITE, Date.now()) + minutes });
  const register = async (overrides: Record<string, unknown> = {}) => {
    const signed = await signature(overrides);
    const asked = await challenge(signed.build);
    const answer = await gateway('/v3/devices/register', 'POST', { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge), client_name: 'Pixel 9' });
    expect(answer.status).toBe(201);
    return { signed, asked, client: answer.body as Record<string, string> & { client_id: string; client_secret: string; registration_access_token: string } };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const events = async (action: string) => (await testbed.api('GET', `/v1/audit-events?action=${action}&limit=100`)).body.rows as { outcome: string; targetId: string; details: Record<string, unknown> }[];

  beforeAll(async () => {
    testbed = await startAdminTestbed({ env: { DEVICE_REGISTRATION_RATE_LIMIT: '1000' } });
    const tenant = await createTenant(testbed.gateway.provisioner);
    environmentId = tenant.environment.id;
    app = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
  });

  afterAll(() => testbed?.stop());

  it('registers a device: the RFC 7591 answer, a confidential first-party device client with hashed credentials, audited', async () => {
    const signed = await signature({ scopes: ['openid', 'offline_access'], clientSecretTtlSeconds: 0 });
    const asked = await challenge(signed.build);
    expect(asked).toEqual({ registration_id: expect.any(String), ocra_suite: SUITE, challenge: expect.stringMatching(/^[0-9a-f]{64}$/), expires_in: 300 });
    const answer = await gateway('/v3/devices/register', 'POST', { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge) });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const clientId = answer.body.client_id as string;
    expect(answer.body).toEqual({
      client_id: clientId,
      client_name: `${signed.build.identifier} 1.0.0 (android)`,
      client_secret: expect.stringMatching(/^[\w-]{43}$/),
      client_id_issued_at: expect.any(Number),
      client_secret_expires_at: 0,
      registration_access_token: expect.stringMatching(/^[\w-]{43}$/),
      registration_client_uri: `${testbed.gateway.url}/v3/devices/clients/${clientId}`,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: DEVICE_GRANTS,
      response_types: ['code'],
      redirect_uris: ['com.example.device:/cb'],
      application_type: 'native',
      software_id: signed.build.identifier,
      software_version: '1.0.0',
      scope: 'openid offline_access',
      dpop_bound_access_tokens: true,
    });
    expect(Math.abs((answer.body.client_id_issued_at as number) - Date.now() / 1000)).toBeLessThan(120);
    const row = await manager().findOneByOrFail(ClientEntity, { clientId });
    expect(row).toMatchObject({ kind: 'device', appSignatureId: signed.id, type: 'confidential', firstParty: true, applicationType: 'native', dpopBoundAccessTokens: true, enabled: true, secretExpiresAt: null });
    expect(JSON.stringify(row)).not.toContain(answer.body.client_secret as string);
    expect(JSON.stringify(row)).not.toContain(answer.body.registration_access_token as string);

    const listed = await testbed.api('GET', `/v1/environments/${environmentId}/clients?limit=100`);
    expect(listed.body.rows).toEqual(expect.arrayContaining([expect.objectContaining({ clientId, kind: 'device', appSignatureId: signed.id })]));
    const registered = (await events('device.register')).find((event) => event.details.clientId === clientId);
    expect(registered).toMatchObject({ outcome: 'success', details: expect.objectContaining({ appSignatureId: signed.id, environmentId, stepOffset: 0 }) });
    expect(JSON.stringify(await events('device.register'))).not.toContain(answer.body.client_secret as string);
  });

  it('gives the secret the signature’s lifetime, and binds tokens only when DPoP is required', async () => {
    const { client } = await register({ clientSecretTtlSeconds: 86_400, dpop: 'allowed' });
    expect(Number(client.client_secret_expires_at) - Date.now() / 1000).toBeGreaterThan(86_000);
    expect(client.dpop_bound_access_tokens).toBe(false);

    // An expired secret no longer authenticates (a grant the device lacks is added for this check).
    await manager().update(ClientEntity, { clientId: client.client_id }, { grantTypes: [...DEVICE_GRANTS, 'client_credentials'] });
    await testbed.gateway.get(TenancyChanges).announce();
    const token = () => postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(client.client_id, client.client_secret));
    expect((await token()).status).toBe(200);
    await manager().update(ClientEntity, { clientId: client.client_id }, { secretExpiresAt: new Date(Date.now() - 1000) });
    await testbed.gateway.get(TenancyChanges).announce();
    const expired = await token();
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a wrong response, a replay, an unknown or expired registration, each with its code and audit event', async () => {
    const signed = await signature();
    const wrong = await challenge(signed.build);
    const refused = await gateway('/v3/devices/register', 'POST', { registration_id: wrong.registration_id, ocra_response: respond('00'.repeat(32), wrong.challenge) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_software_statement', code: 'INVALID_OCRA_RESPONSE' });
    const retried = await gateway('/v3/devices/register', 'POST', { registration_id: wrong.registration_id, ocra_response: respond(signed.key, wrong.challenge) });
    expect(retried.body).toMatchObject({ error: 'invalid_request', code: 'REGISTRATION_ALREADY_USED' });

    const unknown = await gateway('/v3/devices/register', 'POST', { registration_id: '00000000-0000-4000-8000-000000000000', ocra_response: '12345678' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'invalid_request', code: 'INVALID_REGISTRATION' });
    const late = await challenge(signed.build);
    await manager().update(DeviceRegistrationEntity, { id: late.registration_id }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await gateway('/v3/devices/register', 'POST', { registration_id: late.registration_id, ocra_response: respond(signed.key, late.challenge) });
    expect(expired.body).toMatchObject({ error: 'invalid_request', code: 'INVALID_REGISTRATION' });

    const audited = (await events('device.register')).filter((event) => event.details.appSignatureId === signed.id);
    expect(audited.map((event) => [event.outcome, event.details.code]).sort()).toEqual([
      ['failure', 'INVALID_OCRA_RESPONSE'],
      ['failure', 'INVALID_REGISTRATION'],
      ['failure', 'REGISTRATION_ALREADY_USED'],
    ]);
    expect(await manager().countBy(ClientEntity, { appSignatureId: signed.id })).toBe(0);
  });

  it('accepts a device clock 9 minutes off and refuses one 11 minutes off as CLOCK_SKEW_TOO_LARGE', async () => {
    const signed = await signature();
    for (const minutes of [9, -9]) {
      const asked = await challenge(signed.build);
      const answer = await gateway('/v3/devices/register', 'POST', { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge, minutes) });
      expect(answer.status).toBe(201);
    }
    for (const minutes of [11, -11, 30]) {
      const asked = await challenge(signed.build);
      const answer = await gateway('/v3/devices/register', 'POST', { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge, minutes) });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_software_statement', code: 'CLOCK_SKEW_TOO_LARGE' });
    }
    const asked = await challenge(signed.build);
    const far = await gateway('/v3/devices/register', 'POST', { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge, 31) });
    expect(far.body).toMatchObject({ code: 'INVALID_OCRA_RESPONSE' });
  });

  it('refuses an unknown or disabled app version, also when the signature is disabled between challenge and register', async () => {
    const signed = await signature();
    const unknown = await gateway('/v3/devices/challenge', 'POST', { ...signed.build, version: '9.9.9' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'unapproved_software_statement', code: 'UNKNOWN_APP_VERSION' });
    const asked = await challenge(signed.build);
    expect((await testbed.api('PATCH', `/v1/app-signatures/${signed.id}`, { enabled: false })).status).toBe(200);
    const disabled = await gateway('/v3/devices/challenge', 'POST', signed.build);
    expect(disabled.body).toMatchObject({ error: 'unapproved_software_statement', code: 'UNKNOWN_APP_VERSION' });
    const late = await gateway('/v3/devices/register', 'POST', { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge) });
    expect(late.body).toMatchObject({ error: 'unapproved_software_statement', code: 'UNKNOWN_APP_VERSION' });
    expect((await events('device.challenge')).some((event) => event.outcome === 'failure' && event.details.version === '9.9.9')).toBe(true);
  });

  it('looks the build up in every environment: approved in two, it is UNKNOWN_APP_VERSION until one is disabled', async () => {
    const signed = await signature();
    const elsewhere = (await createTenant(testbed.gateway.provisioner)).environment.id;
    const twin = await testbed.api('POST', `/v1/environments/${elsewhere}/app-signatures`, { ...signed.build, redirectUris: ['com.example.device:/cb'] });
    expect(twin.status).toBe(201);
    const ambiguous = await gateway('/v3/devices/challenge', 'POST', signed.build);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body).toMatchObject({ error: 'unapproved_software_statement', code: 'UNKNOWN_APP_VERSION' });
    expect(await manager().countBy(DeviceRegistrationEntity, { appSignatureId: signed.id })).toBe(0);

    expect((await testbed.api('PATCH', `/v1/app-signatures/${twin.body.id}`, { enabled: false })).status).toBe(200);
    const asked = await challenge(signed.build);
    const answer = await gateway('/v3/devices/register', 'POST', { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge) });
    expect(answer.status).toBe(201);
    expect((await manager().findOneByOrFail(ClientEntity, { clientId: answer.body.client_id as string })).environmentId).toBe(environmentId);
  });

  it('refuses bad input with a code and the field, storing nothing and spending no attempt', async () => {
    const signed = await signature();
    const asked = await challenge(signed.build);
    const good = { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge) };
    const rows = () => manager().countBy(DeviceRegistrationEntity, {});
    const before = await rows();
    const cases: [string, string, unknown, string, string | undefined][] = [
      ['challenge', 'missing identifier', { version: '1.0.0', platform: 'android' }, 'MISSING_PARAMETER', 'identifier'],
      ['challenge', 'extra field', { ...signed.build, client_id: 'x' }, 'INVALID_PARAMETER', 'client_id'],
      ['challenge', 'number', { ...signed.build, version: 1 }, 'DUPLICATE_PARAMETER', 'version'],
      ['challenge', 'platform', { ...signed.build, platform: 'windows' }, 'INVALID_PARAMETER', 'platform'],
      ['challenge', '10 KiB', { ...signed.build, identifier: 'a'.repeat(10_240) }, 'INVALID_PARAMETER', 'identifier'],
      ['challenge', 'NUL', { ...signed.build, version: '1.0\u0000' }, 'INVALID_PARAMETER', 'version'],
      ['challenge', 'array', [signed.build], 'MALFORMED_REQUEST', undefined],
      ['register', 'missing response', { registration_id: asked.registration_id }, 'MISSING_PARAMETER', 'ocra_response'],
      ['register', 'non-digit response', { ...good, ocra_response: 'abcdef12' }, 'INVALID_PARAMETER', 'ocra_response'],
      ['register', 'short response', { ...good, ocra_response: good.ocra_response.slice(1) }, 'INVALID_PARAMETER', 'ocra_response'],
      ['register', 'long response', { ...good, ocra_response: `${good.ocra_response}0` }, 'INVALID_PARAMETER', 'ocra_response'],
      ['register', 'not a uuid', { ...good, registration_id: 'x'.repeat(10_240) }, 'INVALID_PARAMETER', 'registration_id'],
      ['register', 'NUL name', { ...good, client_name: 'a\u0000b' }, 'INVALID_PARAMETER', 'client_name'],
      ['register', 'long name', { ...good, client_name: 'n'.repeat(201) }, 'INVALID_PARAMETER', 'client_name'],
      ['register', 'object', { ...good, ocra_response: { $gt: '' } }, 'DUPLICATE_PARAMETER', 'ocra_response'],
      ['register', 'extra', { ...good, client_secret: 'x' }, 'INVALID_PARAMETER', 'client_secret'],
    ];
    for (const [step, label, body, code, field] of cases) {
      const answer = await gateway(`/v3/devices/${step}`, 'POST', body);
      expect([label, answer.status, answer.body.code]).toEqual([label, 400, code]);
      if (field) expect([label, answer.body.fields]).toEqual([label, [expect.objectContaining({ field })]]);
    }
    const form = await call(`${testbed.gateway.url}/v3/devices/challenge`, 'POST', 'identifier=x', { 'content-type': 'text/plain' });
    expect(form.body.code).toBe('MALFORMED_REQUEST');
    expect(await rows()).toBe(before);
    expect((await gateway('/v3/devices/register', 'POST', good)).status).toBe(201);
  });

  it('lets exactly one of parallel right answers register', async () => {
    const signed = await signature();
    const asked = await challenge(signed.build);
    const body = { registration_id: asked.registration_id, ocra_response: respond(signed.key, asked.challenge) };
    const answers = await Promise.all(Array.from({ length: 6 }, () => gateway('/v3/devices/register', 'POST', body)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 400, 400, 400, 400, 400]);
    expect(await manager().countBy(ClientEntity, { appSignatureId: signed.id })).toBe(1);
  });

  it('reads, re-keys and deregisters over RFC 7592: old credentials stop at once, the device’s tokens die with it', async () => {
    const { client } = await register({ dpop: 'allowed' });
    const uri = `/v3/devices/clients/${client.client_id}`;
    const read = await gateway(uri, 'GET', undefined, bearer(client.registration_access_token));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ client_id: client.client_id, client_name: 'Pixel 9', grant_types: DEVICE_GRANTS, registration_client_uri: client.registration_client_uri });
    expect(read.body).not.toHaveProperty('client_secret');
    expect(read.body).not.toHaveProperty('registration_access_token');
    for (const headers of [bearer('wrong-token'), {}, bearer(`${client.registration_access_token}x`)]) {
      const refused = await gateway(uri, 'GET', undefined, headers);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: 'invalid_token' });
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
    for (const path of [`${uri}%00`, `/v3/devices/clients/dev_%00${'0'.repeat(28)}`, `/v3/devices/clients/${'x'.repeat(10_240)}`]) {
      const refused = await gateway(path, 'GET', undefined, bearer(client.registration_access_token));
      expect([path.slice(0, 60), refused.status, refused.body.error]).toEqual([path.slice(0, 60), 401, 'invalid_token']);
    }

    // The client's Basic credentials authenticate at the token endpoint (a grant it does not have but for this check).
    await manager().update(ClientEntity, { clientId: client.client_id }, { grantTypes: [...DEVICE_GRANTS, 'client_credentials'] });
    await testbed.gateway.get(TenancyChanges).announce();
    const token = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(client.client_id, client.client_secret));
    expect(token.status).toBe(200);
    const accessToken = ((await token.json()) as { access_token: string }).access_token;

    const rotated = await gateway(`${uri}/secret`, 'POST', undefined, bearer(client.registration_access_token));
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ client_secret: expect.any(String), client_secret_expires_at: 0, registration_access_token: expect.any(String) });
    expect((await gateway(uri, 'GET', undefined, bearer(client.registration_access_token))).status).toBe(401);
    const oldSecret = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(client.client_id, client.client_secret));
    expect(oldSecret.status).toBe(401);
    const newSecret = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(client.client_id, rotated.body.client_secret as string));
    expect(newSecret.status).toBe(200);
    const newToken = rotated.body.registration_access_token as string;
    expect((await gateway(uri, 'GET', undefined, bearer(newToken))).status).toBe(200);

    const family = await manager().save(
      manager().create(RefreshTokenFamilyEntity, { environmentId, clientId: client.client_id, accountId: null, identityId: null, scope: 'openid', authTime: new Date(), absoluteExpiresAt: new Date(Date.now() + 3_600_000) }),
    );
    expect(await isActive(testbed.gateway.url, app, accessToken)).toBe(true);
    const deleted = await call(`${testbed.gateway.url}${uri}`, 'DELETE', undefined, bearer(newToken));
    expect(deleted.status).toBe(204);
    expect(await isActive(testbed.gateway.url, app, accessToken)).toBe(false);
    expect((await manager().findOneByOrFail(RefreshTokenFamilyEntity, { id: family.id })).revokedAt).not.toBeNull();
    expect((await manager().findOneByOrFail(ClientEntity, { clientId: client.client_id })).enabled).toBe(false);
    expect((await gateway(uri, 'GET', undefined, bearer(newToken))).status).toBe(401);
    const afterDelete = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(client.client_id, rotated.body.client_secret as string));
    expect(afterDelete.status).toBe(401);
    expect((await events('device.deregister')).some((event) => event.targetId === client.client_id)).toBe(true);
  });

  it('is not advertised as the discovery registration_endpoint', async () => {
    const discovery = await gateway('/.well-known/openid-configuration', 'GET');
    expect(discovery.body).not.toHaveProperty('registration_endpoint');
  });

  describe('rate limit', () => {
    let limited: AdminTestbed;
    afterAll(() => limited?.stop());

    it('answers 429 with Retry-After past DEVICE_REGISTRATION_RATE_LIMIT per address, for each step', async () => {
      limited = await startAdminTestbed({ env: { DEVICE_REGISTRATION_RATE_LIMIT: '3' } });
      for (const step of ['challenge', 'register']) {
        const statuses: number[] = [];
        let last: Answer | undefined;
        for (let i = 0; i < 4; i++) {
          last = await call(`${limited.gateway.url}/v3/devices/${step}`, 'POST', { identifier: 'com.example.none', version: '1', platform: 'ios' });
          statuses.push(last.status);
        }
        expect(statuses).toEqual([400, 400, 400, 429]);
        expect(last!.body).toMatchObject({ error: 'slow_down', code: 'RATE_LIMITED' });
        expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    });
  });
});
