import { generateKeyPairSync } from 'node:crypto';
import { EnvironmentIdentitySettingsEntity, IdentityEntity } from '@rapidauth/database';
import { DEFAULT_IDENTITY_METHOD_SETTINGS } from '@rapidauth/identity';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';
import { startTwoInstances, within, type TwoInstances } from '../../support/two-instances';

const SECRET = 'backend shared secret 7f3a9c1e5b2d8046';
const RSA = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

/**
 * An environment's identity methods over the admin API (docs/admin-api.md#identity-methods), on two
 * instances of one installation: merge patches, the write-only custom-token secret, field errors,
 * the change reaching the other instance at once, the audit; and removing a user's identity.
 */
describe('admin API: identity methods', () => {
  let instances: TwoInstances;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let path: string;

  const call = async (adminUrl: string, method: string, url: string, body?: unknown, contentType = 'application/merge-patch+json') => {
    const response = await fetch(`${adminUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${instances.root}`, ...(body !== undefined && { 'content-type': contentType }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const first = (method: string, url: string, body?: unknown, contentType?: string) => call(instances.first.adminUrl, method, url, body, contentType);
  const second = (method: string, url: string) => call(instances.second.adminUrl, method, url);
  const manager = () => instances.first.running.runtime.database.dataSource.manager;

  beforeAll(async () => {
    instances = await startTwoInstances();
    tenant = await createTenant(instances.first.provisioner);
    path = `/v1/environments/${tenant.environment.id}/identity-methods`;
  });

  afterAll(() => instances?.stop());

  it('answers the defaults for an environment that never changed anything', async () => {
    const answer = await first('GET', path);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(DEFAULT_IDENTITY_METHOD_SETTINGS);
    expect((await first('GET', '/v1/environments/00000000-0000-4000-8000-000000000000/identity-methods')).status).toBe(404);
  });

  it('merges a patch (merge-patch+json or json), and null puts a field back to its default', async () => {
    const patched = await first('PATCH', path, { anonymous: { enabled: true }, otp: { length: 8 }, authorizedOrigins: ['https://app.example.com'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      ...DEFAULT_IDENTITY_METHOD_SETTINGS,
      anonymous: { enabled: true, ttlSeconds: 86_400 },
      otp: { ...DEFAULT_IDENTITY_METHOD_SETTINGS.otp, length: 8 },
      authorizedOrigins: ['https://app.example.com'],
    });
    const again = await first('PATCH', path, { otp: { length: null }, templates: { smsOtp: { text: '{{code}} for {{appName}}' } } }, 'application/json');
    expect(again.status).toBe(200);
    expect(again.body.otp).toEqual(DEFAULT_IDENTITY_METHOD_SETTINGS.otp);
    expect(again.body.anonymous.enabled).toBe(true);
    expect(again.body.templates.smsOtp.text).toBe('{{code}} for {{appName}}');
    expect((await first('GET', path)).body).toEqual(again.body);
  });

  it('seals the custom-token secret and answers only secretSet', async () => {
    const patched = await first('PATCH', path, { customToken: { enabled: true, secret: SECRET, issuer: 'https://backend.example' } });
    expect(patched.status).toBe(200);
    expect(patched.body.customToken).toEqual({ ...DEFAULT_IDENTITY_METHOD_SETTINGS.customToken, enabled: true, secretSet: true, issuer: 'https://backend.example' });
    expect(patched.text).not.toContain(SECRET);
    const read = await first('GET', path);
    expect(read.body.customToken.secretSet).toBe(true);
    expect(read.text).not.toContain(SECRET);
    const row = await manager().findOneByOrFail(EnvironmentIdentitySettingsEntity, { environmentId: tenant.environment.id });
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row.customTokenSecretSealed).toMatch(/^v1\./);
  });

  it('takes an RS256 public key in PEM, and drops the HS256 secret', async () => {
    const patched = await first('PATCH', path, { customToken: { algorithm: 'RS256', publicKey: RSA.publicKey } });
    expect(patched.status).toBe(200);
    expect(patched.body.customToken).toMatchObject({ enabled: true, algorithm: 'RS256', publicKey: RSA.publicKey.trim(), secretSet: false });
  });

  it('refuses bad values field by field with INVALID_PROVIDER_SETTINGS, and changes nothing', async () => {
    const before = await first('GET', path);
    const refused = await first('PATCH', path, {
      freshLoginSeconds: 0,
      otp: { length: 12 },
      authorizedOrigins: ['https://app.example.com/path'],
      customToken: { publicKey: RSA.privateKey },
      nope: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_request', code: 'INVALID_PROVIDER_SETTINGS' });
    expect(refused.body.fields.map((problem: { field: string }) => problem.field).sort()).toEqual(['authorizedOrigins', 'customToken.publicKey', 'freshLoginSeconds', 'nope', 'otp.length']);
    expect(refused.text).not.toContain(RSA.privateKey.split('\n')[1]);
    const single = await first('PATCH', path, { customToken: { algorithm: 'HS256', publicKey: null } });
    expect(single.body).toMatchObject({ code: 'INVALID_PROVIDER_SETTINGS', fields: [{ field: 'customToken.secret', message: 'is required to enable customToken with HS256' }] });
    expect((await first('PATCH', path, [1, 2])).body).toMatchObject({ code: 'INVALID_PROVIDER_SETTINGS', fields: [{ field: 'body' }] });
    expect((await first('GET', path)).body).toEqual(before.body);
  });

  it('reaches the other instance when the notification does, not when its cache expires', async () => {
    const cached = await second('GET', path);
    expect(cached.body.freshLoginSeconds).toBe(300);
    expect((await first('PATCH', path, { freshLoginSeconds: 120, mfa: { issuer: 'Acme' } })).status).toBe(200);
    expect(await within(2_000, async () => (await second('GET', path)).body.freshLoginSeconds === 120)).toBe(true);
    expect((await second('GET', path)).body.mfa).toEqual({ required: false, issuer: 'Acme' });
  });

  it('audits each change by the fields it named, never the secret', async () => {
    const events = await first('GET', `/v1/audit-events?action=environment.identity_methods_update&limit=100`);
    expect(events.status).toBe(200);
    const details = events.body.rows.map((event: { details: { fields: string[] } }) => event.details.fields);
    expect(details).toEqual(expect.arrayContaining([['customToken.enabled', 'customToken.issuer', 'customToken.secret'], ['freshLoginSeconds', 'mfa.issuer']]));
    expect(events.body.rows[0]).toMatchObject({ targetType: 'environment', targetId: tenant.environment.id, organizationId: tenant.organization.id });
    expect(events.text).not.toContain(SECRET);
  });

  describe('DELETE /v1/users/:uid/identities/:identityId', () => {
    const password = 'nadia has a strong one';
    const signIn = async () =>
      (await (await postForm(`${instances.first.url}/oauth/token`, { grant_type: 'password', username: 'nadia', password }, basicAuth(tenant.environment.appKey, tenant.appSecret))).json()) as {
        access_token: string;
        refresh_token: string;
      };
    const refresh = (token: string) =>
      postForm(`${instances.second.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: token }, basicAuth(tenant.environment.appKey, tenant.appSecret));
    const credentials = () => ({ clientId: tenant.environment.appKey, secret: tenant.appSecret });

    it('removes an identity and revokes its logins on every instance; the last one takes the account', async () => {
      const { body: user } = await first('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'nadia', password }, 'application/json');
      const local = user.identities[0].id as string;
      const other = await manager().save(
        manager().create(IdentityEntity, { accountId: user.uid, environmentId: tenant.environment.id, provider: 'email', providerUid: 'nadia@example.com', emailNormalized: 'nadia@example.com' }),
      );
      const tokens = await signIn();
      expect(await isActive(instances.second.url, credentials(), tokens.access_token)).toBe(true);

      expect((await first('DELETE', `/v1/users/${user.uid}/identities/${local}`)).status).toBe(204);
      expect((await refresh(tokens.refresh_token)).status).toBe(400);
      expect(await within(2_000, async () => !(await isActive(instances.second.url, credentials(), tokens.access_token)))).toBe(true);
      const remaining = await first('GET', `/v1/users/${user.uid}`);
      expect(remaining.body.identities.map((identity: { id: string }) => identity.id)).toEqual([other.id]);

      expect((await first('DELETE', `/v1/users/${user.uid}/identities/${local}`)).status).toBe(404);
      expect((await first('DELETE', `/v1/users/${user.uid}/identities/${other.id}`)).status).toBe(204);
      expect((await first('GET', `/v1/users/${user.uid}`)).status).toBe(404);
      const events = await first('GET', '/v1/audit-events?action=user.identity_delete&limit=100');
      expect(events.body.rows.map((event: { details: Record<string, unknown> }) => event.details)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ identityId: local, provider: 'local', accountRemoved: false }),
          expect.objectContaining({ identityId: other.id, provider: 'email', accountRemoved: true }),
        ]),
      );
    });

    it("answers 404 for another user's identity and leaves it alone", async () => {
      const { body: owner } = await first('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'omar', password: 'omar has a strong one' }, 'application/json');
      const { body: stranger } = await first('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'paula', password: 'paula has a strong one' }, 'application/json');
      expect((await first('DELETE', `/v1/users/${stranger.uid}/identities/${owner.identities[0].id}`)).status).toBe(404);
      expect((await first('GET', `/v1/users/${owner.uid}`)).body.identities).toHaveLength(1);
    });
  });
});
