import { randomBytes } from 'node:crypto';
import { AppSignatureEntity, AuthServiceEntity, RefreshTokenFamilyEntity } from '@rapidauth/database';
import { IdentityMethods, LocalIdentities, TOTP_SETTINGS, TotpFactors } from '@rapidauth/identity';
import { SEALED_PURPOSES, TokenVault, Vault } from '@rapidauth/vault';
import { generate } from 'otplib';
import { managementToken, rootToken } from '../../support/admin-api';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';

const OLD = `old:${randomBytes(32).toString('base64')}`;
const NEW = `new:${randomBytes(32).toString('base64')}`;
/** One installation across restarts: the issuer and the admin API's audience stay the same. */
const PUBLIC = { publicUrl: 'https://id.vault.test', env: { ADMIN_PUBLIC_URL: 'https://admin.vault.test' } };
/** A directory service with a secret setting, to be sealed under the old key. */
const DIRECTORY = { providerUri: 'ldaps://directory.vault.test', baseDn: 'dc=vault,dc=test', bindDn: 'cn=reader,dc=vault,dc=test', bindPassword: 'reader 8d1f' };
const CUSTOM_TOKEN_SECRET = 'custom token secret of 32+ characters';
const TOKENS = { access_token: { value: 'upstream-at-5c1d', expiresAt: new Date('2030-01-01T00:00:00Z') } };

/**
 * Master-key rotation as an operator runs it (docs/operations.md): an installation sealed under
 * one key restarts with a new key and the old one as previous, rotates, and then starts with the
 * new key alone; what was sealed before (signing keys, an auth service's secrets, a login's
 * upstream tokens, a custom-token secret, a TOTP secret, an app signature's OCRA key) still opens, and tokens signed before still verify.
 */
describe('vault: master-key rotation', () => {
  let scratch: ScratchDatabase;
  let gateway: GatewayInstance | undefined;
  const secrets = installationSecrets();
  let root: string;
  let serviceId: string;
  let familyId: string;
  let environmentId: string;
  let accessToken: string;
  let appCredentials: { clientId: string; secret: string };
  let totp: { accountId: string; secret: string; enrolledAt: Date };
  let appSignature: { id: string; secret: string };

  const start = async (env: NodeJS.ProcessEnv) => {
    await gateway?.stop();
    gateway = await startGateway({ databaseUrl: scratch.url, secrets, withAdmin: true, publicUrl: PUBLIC.publicUrl, env: { ...PUBLIC.env, ...env } });
    return gateway;
  };
  const api = async (method: string, path: string, bearer = root) => {
    const response = await fetch(`${gateway!.adminUrl}${path}`, { method, headers: { authorization: `Bearer ${bearer}` } });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    const first = await start({ VAULT_MASTER_KEY: OLD });
    root = await rootToken(first);
    const tenant = await createTenant(first.provisioner);
    appCredentials = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    const created = await fetch(`${first.adminUrl}/v1/auth-services`, {
      method: 'POST',
      headers: { authorization: `Bearer ${root}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Corporate LDAP', type: 'ldap', scope: { environmentId: tenant.environment.id }, config: { redirectUris: ['https://app.vault.test/cb'], allowedAttributes: [], ...DIRECTORY } }),
    });
    serviceId = ((await created.json()) as { id: string }).id;
    const customToken = await fetch(`${first.adminUrl}/v1/environments/${tenant.environment.id}/identity-methods`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${root}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ customToken: { secret: CUSTOM_TOKEN_SECRET } }),
    });
    if (customToken.status !== 200) throw new Error(`identity methods: ${customToken.status}`);
    const signature = await fetch(`${first.adminUrl}/v1/environments/${tenant.environment.id}/app-signatures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${root}`, 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: 'com.vault.bank', version: '1.0.0', platform: 'ios', redirectUris: ['com.vault.bank:/cb'] }),
    });
    if (signature.status !== 201) throw new Error(`app signature: ${signature.status}`);
    appSignature = (await signature.json()) as { id: string; secret: string };
    environmentId = tenant.environment.id;
    const token = await postForm(`${first.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(appCredentials.clientId, appCredentials.secret));
    accessToken = ((await token.json()) as { access_token: string }).access_token;
    const manager = first.running.runtime.database.dataSource.manager;
    const family = await manager.save(
      manager.create(RefreshTokenFamilyEntity, {
        environmentId: tenant.environment.id,
        clientId: tenant.environment.appKey,
        accountId: null,
        identityId: null,
        authServiceId: serviceId,
        scope: 'openid',
        authTime: new Date(),
        absoluteExpiresAt: new Date(Date.now() + 3_600_000),
      }),
    );
    familyId = family.id;
    await first.get(TokenVault).putForFamily(manager, familyId, TOKENS);
    const { accountId } = await first.get(LocalIdentities).create(tenant.environment.id, { username: 'tove', password: 'tove has a strong one' });
    const enrolledAt = new Date();
    const { secret } = await first.get(TotpFactors).beginEnrolment({ id: accountId, environmentId: tenant.environment.id }, 'Vault test', 'tove', enrolledAt);
    await first.get(TotpFactors).confirm(accountId, await generate({ secret, ...TOTP_SETTINGS, epoch: Math.floor(enrolledAt.getTime() / 1000) }), enrolledAt);
    totp = { accountId, secret, enrolledAt };
  });

  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

  it('counts what each key seals, rotates everything onto the new key, then finds nothing left to rotate', async () => {
    await start({ VAULT_MASTER_KEY: NEW, VAULT_PREVIOUS_MASTER_KEYS: OLD });
    const before = await api('GET', '/v1/vault/keys');
    expect(before.status).toBe(200);
    expect(before.body.currentKeyId).toBe('new');
    const [current, previous] = before.body.keys;
    expect(current).toEqual({ keyId: 'new', current: true, vaultEntries: 0, authServices: 0, signingKeys: 0, identitySettings: 0, mfaFactors: 0, appSignatures: 0 });
    expect(previous).toMatchObject({ keyId: 'old', current: false, vaultEntries: 1, authServices: 1, identitySettings: 1, mfaFactors: 1, appSignatures: 1 });
    expect(previous.signingKeys).toBeGreaterThanOrEqual(2);

    const rotated = await api('POST', '/v1/vault/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({
      currentKeyId: 'new',
      rewrapped: { vaultEntries: 1, authServices: 1, signingKeys: previous.signingKeys, identitySettings: 1, mfaFactors: 1, appSignatures: 1 },
      remaining: {},
    });
    const after = await api('GET', '/v1/vault/keys');
    expect(after.body.keys).toEqual([
      { keyId: 'new', current: true, vaultEntries: 1, authServices: 1, signingKeys: previous.signingKeys, identitySettings: 1, mfaFactors: 1, appSignatures: 1 },
      { keyId: 'old', current: false, vaultEntries: 0, authServices: 0, signingKeys: 0, identitySettings: 0, mfaFactors: 0, appSignatures: 0 },
    ]);
    const events = await api('GET', '/v1/audit-events?limit=100');
    expect(events.body.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'vault.rotate', details: { rewrapped: rotated.body.rewrapped, remaining: {} } })]),
    );

    const again = await api('POST', '/v1/vault/rotate');
    expect(again.body).toEqual({ currentKeyId: 'new', rewrapped: { vaultEntries: 0, authServices: 0, signingKeys: 0, identitySettings: 0, mfaFactors: 0, appSignatures: 0 }, remaining: {} });
  });

  it('then runs on the new key alone: signing keys load, tokens signed before verify, secrets and upstream tokens open', async () => {
    const alone = await start({ VAULT_MASTER_KEY: NEW });
    const keys = await api('GET', '/v1/vault/keys');
    expect(keys.status).toBe(200);
    expect(keys.body.keys.map((key: { keyId: string }) => key.keyId)).toEqual(['new']);
    expect(await isActive(alone.url, appCredentials, accessToken)).toBe(true);

    const vault = alone.get(Vault);
    const service = await alone.running.runtime.database.dataSource.manager.findOneByOrFail(AuthServiceEntity, { id: serviceId });
    expect(JSON.parse(vault.open(service.encryptedSecrets!, SEALED_PURPOSES.authServiceSecrets(serviceId)).toString())).toEqual({ bindPassword: DIRECTORY.bindPassword });
    expect(await alone.get(TokenVault).get(familyId)).toEqual(TOKENS);
    expect(await alone.get(IdentityMethods).customTokenKey(environmentId)).toEqual({ algorithm: 'HS256', secret: Buffer.from(CUSTOM_TOKEN_SECRET) });
    const later = new Date(totp.enrolledAt.getTime() + 30_000);
    const code = await generate({ secret: totp.secret, ...TOTP_SETTINGS, epoch: Math.floor(later.getTime() / 1000) });
    await expect(alone.get(TotpFactors).verify(totp.accountId, code, later)).resolves.toBeUndefined();
    const signature = await alone.running.runtime.database.dataSource.manager.findOneByOrFail(AppSignatureEntity, { id: appSignature.id });
    expect(vault.open(signature.secretSealed, SEALED_PURPOSES.appSignatureSecret(appSignature.id)).toString('hex')).toBe(appSignature.secret);
  });

  it('refuses both routes without a management token, and rotation to a role that may only read keys', async () => {
    expect((await api('GET', '/v1/vault/keys', 'not-a-token')).status).toBe(401);
    const viewer = await fetch(`${gateway!.adminUrl}/v1/admins`, {
      method: 'POST',
      headers: { authorization: `Bearer ${root}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'key-viewer', password: 'key viewer strong password' }),
    });
    const viewerId = ((await viewer.json()) as { id: string }).id;
    await fetch(`${gateway!.adminUrl}/v1/authorities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${root}`, 'content-type': 'application/json' },
      body: JSON.stringify({ principal: { type: 'admin', id: viewerId }, role: 'viewer', target: { type: 'platform' } }),
    });
    const bearer = await managementToken(gateway!.adminUrl, { grant_type: 'password', username: 'key-viewer', password: 'key viewer strong password' });
    expect((await api('GET', '/v1/vault/keys', bearer)).status).toBe(200);
    expect((await api('POST', '/v1/vault/rotate', bearer)).status).toBe(403);
  });
});
