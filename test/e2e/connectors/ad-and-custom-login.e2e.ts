import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { startCustomAdaptor, type CustomAdaptor } from '../../support/custom-adaptor';
import { expectedLoginClaims, loginClaimsSeen, upstreamLogin } from '../../support/login-claims';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { publicClientConfig } from '../../support/oidc-client';
import { basicAuth, postForm } from '../../support/requests';
import { Slapd, SUFFIX } from '../../support/slapd';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const AD_SEED = readFileSync(join(__dirname, '../../support/ldap/active-directory.ldif'), 'utf8');
const REDIRECT = ACME_MOBILE.redirectUris[0];

interface VaultRow {
  id: string;
  family_id: string | null;
  authorization_code_id: string | null;
  ciphertext: string;
}

/**
 * Active Directory (slapd with the AD-like schema) through the password grant, and the custom
 * connector against the example adaptor: its upstream tokens kept in the token vault from the
 * sign-in to the family, replaced by an upstream refresh and gone with a revoked family.
 */
describe('connectors e2e: active directory and custom logins through the gateway', () => {
  let slapd: Slapd;
  let adaptor: CustomAdaptor;
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let adService: string;
  let customService: string;
  let config: oidc.Configuration;

  const createService = async (name: string, type: string, settings: Record<string, unknown>) => {
    const created = await testbed.api('POST', '/v1/auth-services', {
      name,
      type,
      scope: { environmentId: tenant.environment.id },
      config: { redirectUris: [REDIRECT], allowedAttributes: ['groups'], ...settings },
    });
    expect(created).toMatchObject({ status: 201, body: { loginAvailable: true } });
    return created.body.id as string;
  };
  const token = (service: string, form: Record<string, string>) =>
    postForm(`${testbed.gateway.url}/oauth/token`, form, basicAuth(`${tenant.environment.appKey}.${service}`, tenant.appSecret));
  const passwordGrant = (service: string, username: string, password: string) =>
    token(service, { grant_type: 'password', username, password, scope: 'openid profile offline_access' });
  const vaultRows = (): Promise<VaultRow[]> =>
    testbed.gateway.running.runtime.database.dataSource.query(`SELECT "id", "family_id", "authorization_code_id", "ciphertext" FROM "vault_entry"`);
  /** The login's family: the `sid` of its access tokens (a JWT). */
  const familyOf = (accessToken: string): string => {
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { sid?: string };
    if (!claims.sid) throw new Error('the access token has no sid');
    return claims.sid;
  };
  /** The login claims of a password login through `service` (docs/gateway.md#login-claims) against those its tokens carry. */
  const expectPasswordLogin = async (tokens: { access_token: string; id_token?: string }, service: string) =>
    expect(await loginClaimsSeen(testbed.gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, tokens)).toEqual(
      expectedLoginClaims(await upstreamLogin(testbed.gateway.running.runtime.database.dataSource, tokens.access_token, service, ['pwd']), tokens.id_token !== undefined),
    );

  beforeAll(async () => {
    [slapd, adaptor] = await Promise.all([Slapd.start({ seed: AD_SEED, activeDirectory: true }), startCustomAdaptor()]);
    adaptor.addUser({ username: 'rita', password: 'rita password 123', id: 'u-rita', attributes: { groups: ['agents'] } });
    adaptor.addUser({ username: 'sam', password: 'sam password 123', id: 'u-sam' });
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    adService = await createService('Corporate AD', 'active-directory', {
      providerUri: slapd.ldapUrl,
      baseDn: SUFFIX,
      bindDn: `cn=reader,${SUFFIX}`,
      bindPassword: 'reader-secret',
    });
    customService = await createService('Own users', 'custom', { providerUri: adaptor.url, sharedSecret: adaptor.sharedSecret, timeoutMs: 1000 });
    await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, adService, customService],
      defaultService: customService,
    });
    const app = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, ACME_MOBILE);
    config = await publicClientConfig(testbed.gateway.url, app.clientId);
  });
  afterAll(async () => {
    await testbed?.stop();
    await Promise.all([slapd?.destroy(), adaptor?.stop()]);
  });

  it('signs an AD user in by the password grant; a disabled account is refused with ACCOUNT_DISABLED', async () => {
    const signedIn = await passwordGrant(adService, 'bob', 'bob-password');
    expect(signedIn.status).toBe(200);
    await expectPasswordLogin((await signedIn.json()) as { access_token: string; id_token: string }, adService);
    expect(await passwordGrant(adService, 'EXAMPLE\\bob', 'bob-password').then((response) => response.status)).toBe(200);
    const disabled = await passwordGrant(adService, 'dee', 'dee-password');
    expect(disabled.status).toBe(400);
    expect(await disabled.json()).toMatchObject({ error: 'invalid_grant', code: 'ACCOUNT_DISABLED' });
    expect(await (await passwordGrant(adService, 'bob', 'not-his-password')).json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it("keeps the adaptor's tokens against the code, moves them to the family at the exchange, replaces them at refresh", async () => {
    const before = new Set((await vaultRows()).map((row) => row.id));
    const { callback, started } = await signInThroughLoginPage(testbed.gateway.url, config, REDIRECT, { username: 'rita', password: 'rita password 123' });
    expect(callback.status).toBe(303);
    const held = (await vaultRows()).filter((row) => !before.has(row.id));
    expect(held).toEqual([expect.objectContaining({ family_id: null, authorization_code_id: expect.any(String) })]);
    expect(held[0].ciphertext).not.toContain('rita');

    const tokens = await exchange(config, callback.location, started);
    await expectPasswordLogin(tokens, customService);
    const familyId = familyOf(tokens.access_token);
    const moved = (await vaultRows()).filter((row) => row.family_id === familyId);
    expect(moved).toEqual([expect.objectContaining({ id: held[0].id, authorization_code_id: null })]);

    await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    const replaced = (await vaultRows()).filter((row) => row.family_id === familyId);
    expect(replaced).toHaveLength(1);
    expect(replaced[0].ciphertext).not.toBe(moved[0].ciphertext);
  });

  it('writes the password grant tokens to the family; a user disabled at the adaptor fails the refresh and the family takes its entry', async () => {
    const body = (await (await passwordGrant(customService, 'sam', 'sam password 123')).json()) as { access_token: string; refresh_token: string };
    const familyId = familyOf(body.access_token);
    expect((await vaultRows()).filter((row) => row.family_id === familyId)).toHaveLength(1);
    adaptor.editUsers((users) => users.map((user) => (user.username === 'sam' ? { ...user, disabled: true } : user)));
    const refused = await token(customService, { grant_type: 'refresh_token', refresh_token: body.refresh_token });
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
    expect((await vaultRows()).filter((row) => row.family_id === familyId)).toEqual([]);
  });

  it('answers 503 UPSTREAM_UNAVAILABLE with Retry-After while the adaptor is down', async () => {
    const body = (await (await passwordGrant(customService, 'rita', 'rita password 123')).json()) as { refresh_token: string };
    await adaptor.stop();
    const grant = await passwordGrant(customService, 'rita', 'rita password 123');
    expect(grant.status).toBe(503);
    expect(grant.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await grant.json()).toMatchObject({ error: 'temporarily_unavailable', code: 'UPSTREAM_UNAVAILABLE' });
    const refreshed = await token(customService, { grant_type: 'refresh_token', refresh_token: body.refresh_token });
    expect(refreshed.status).toBe(503);
  });
});
