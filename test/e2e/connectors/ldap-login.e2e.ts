import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Attribute, Change } from 'ldapts';
import * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { installationSecrets, startGateway } from '../../support/gateway-instance';
import { expectedLoginClaims, loginClaimsSeen, upstreamLogin } from '../../support/login-claims';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { publicClientConfig } from '../../support/oidc-client';
import { sampleSum } from '../../support/metrics-exposition';
import { basicAuth, postForm } from '../../support/requests';
import { Slapd, SUFFIX } from '../../support/slapd';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';
import { within } from '../../support/two-instances';

const SEED = readFileSync(join(__dirname, '../../support/ldap/directory.ldif'), 'utf8');
const REDIRECT = ACME_MOBILE.redirectUris[0];
/** What the hosted page tells the user for a refusal (its code is not on the page). */
const PAGE_SAYS = { INVALID_CREDENTIALS: 'Wrong username or password.', UPSTREAM_UNAVAILABLE: 'Sign-in is unavailable right now.' };

/**
 * Users of an LDAP directory (a real slapd) signing in through the gateway: the service created
 * over the admin API, the hosted login page with openid-client, the password grant, groups in
 * userinfo, upstream refresh, a directory outage, and an edit reaching another instance.
 */
describe('connectors e2e: ldap logins through the gateway', () => {
  const secrets = installationSecrets();
  let slapd: Slapd;
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let serviceId: string;
  let config: oidc.Configuration;

  const ldapConfig = (overrides: Record<string, unknown> = {}) => ({
    redirectUris: [REDIRECT],
    allowedAttributes: ['groups', 'cn'],
    providerUri: slapd.ldapUrl,
    baseDn: SUFFIX,
    bindDn: `cn=reader,${SUFFIX}`,
    bindPassword: 'reader-secret',
    groupSearchBase: `ou=groups,${SUFFIX}`,
    nestedGroupDepth: 5,
    connectTimeoutMs: 1000,
    timeoutMs: 1000,
    ...overrides,
  });
  const createService = async (name: string, overrides: Record<string, unknown> = {}, environmentId = tenant.environment.id) => {
    const created = await testbed.api('POST', '/v1/auth-services', { name, type: 'ldap', scope: { environmentId }, config: ldapConfig(overrides) });
    expect(created).toMatchObject({ status: 201, body: { loginAvailable: true } });
    return created.body.id as string;
  };
  /** The environment's own client through one service (`appKey.serviceId`), confidential, first party: the password grant. */
  const passwordGrant = (service: string, username: string, password: string, gatewayUrl = testbed.gateway.url, on = tenant) =>
    postForm(
      `${gatewayUrl}/oauth/token`,
      { grant_type: 'password', username, password, scope: 'openid profile offline_access' },
      basicAuth(`${on.environment.appKey}.${service}`, on.appSecret),
    );
  const refresh = (service: string, refreshToken: string) =>
    postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, basicAuth(`${tenant.environment.appKey}.${service}`, tenant.appSecret));
  const userinfo = async (accessToken: string, gatewayUrl = testbed.gateway.url) =>
    (await fetch(`${gatewayUrl}/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).json() as Promise<Record<string, unknown>>;
  const loginPage = (username: string, password: string) => signInThroughLoginPage(testbed.gateway.url, config, REDIRECT, { username, password });
  /** A directory login is a password login of the service's identity (docs/gateway.md#login-claims). */
  const expectDirectoryLogin = async (tokens: { access_token: string; id_token?: string }) =>
    expect(await loginClaimsSeen(testbed.gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, tokens)).toEqual(
      expectedLoginClaims(await upstreamLogin(testbed.gateway.running.runtime.database.dataSource, tokens.access_token, serviceId, ['pwd']), tokens.id_token !== undefined),
    );

  beforeAll(async () => {
    slapd = await Slapd.start({ seed: SEED });
    testbed = await startAdminTestbed({ env: secrets });
    tenant = await createTenant(testbed.gateway.provisioner);
    serviceId = await createService('Corporate directory');
    const identity = await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, serviceId],
      defaultService: serviceId,
    });
    expect(identity.status).toBe(200);
    const app = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, ACME_MOBILE);
    config = await publicClientConfig(testbed.gateway.url, app.clientId);
  });
  afterAll(async () => {
    await testbed?.stop();
    await slapd?.destroy();
  });

  it('signs a directory user in through the hosted page (code + PKCE), nested groups in userinfo, refresh asking the directory again', async () => {
    const { callback, started } = await loginPage('alice', 'alice-password');
    expect(callback.status).toBe(303);
    const tokens = await exchange(config, callback.location, started);
    expect(tokens.claims()).toMatchObject({ sub: expect.any(String) });
    expect(await userinfo(tokens.access_token)).toMatchObject({ groups: ['developers', 'engineering', 'staff'], cn: 'Alice Archer' });
    await expectDirectoryLogin(tokens);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toEqual(expect.any(String));
    await expectDirectoryLogin(refreshed);
  });

  it('signs a directory user in by the password grant, groups in userinfo', async () => {
    const response = await passwordGrant(serviceId, 'bob', 'bob-password');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; refresh_token: string };
    expect(await userinfo(body.access_token)).toMatchObject({ sub: expect.any(String) });
    expect(body.refresh_token).toEqual(expect.any(String));
    await expectDirectoryLogin(body);
  });

  it('times its directory calls in rapidauth_upstream_request_duration_seconds, by operation and outcome', async () => {
    const exposition = async () => (await fetch(`${testbed.gateway.url}/metrics`)).text();
    const timed = (text: string, operation: string, outcome: string) =>
      sampleSum(text, 'rapidauth_upstream_request_duration_seconds_count', { connector_type: 'ldap', operation, outcome });
    const before = await exposition();
    const body = (await (await passwordGrant(serviceId, 'bob', 'bob-password')).json()) as { refresh_token: string };
    expect((await passwordGrant(serviceId, 'bob', 'not-his-password')).status).toBe(400);
    expect((await refresh(serviceId, body.refresh_token)).status).toBe(200);
    const after = await exposition();
    const grew = (operation: string, outcome: string) => timed(after, operation, outcome) - timed(before, operation, outcome);
    expect([grew('login', 'success'), grew('login', 'INVALID_CREDENTIALS'), grew('refresh', 'success')]).toEqual([1, 1, 1]);
    expect(after).not.toContain('bob');
  });

  const REFUSED = { error: 'invalid_grant', code: 'INVALID_CREDENTIALS' };
  it.each([
    ['a wrong password', 'alice', 'not-her-password', REFUSED],
    ['a wildcard username', '*', 'alice-password', REFUSED],
    ['a filter breakout', '*)(uid=*))(|(uid=*', 'alice-password', REFUSED],
    ['an injected alternative', 'bob)(|(uid=alice', 'bob-password', REFUSED],
    ['a whitespace password', 'alice', '   ', REFUSED],
    ['a 4 KiB username', 'a'.repeat(4096), 'alice-password', REFUSED],
    // The token endpoint refuses these parameters before any login (RFC 6749 §5.2 invalid_request).
    ['an empty password', 'alice', '', { error: 'invalid_request', code: 'MISSING_PARAMETER' }],
    ['a NUL in the username', 'alice\u0000', 'alice-password', { error: 'invalid_request', code: 'INVALID_PARAMETER' }],
  ])('refuses %s on the page (401, wrong username or password) and at the token endpoint (400)', async (_, username, password, answer) => {
    const { callback } = await loginPage(username, password);
    expect(callback.status).toBe(401);
    expect(callback.body).toContain(PAGE_SAYS.INVALID_CREDENTIALS);
    const grant = await passwordGrant(serviceId, username, password);
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject(answer);
  });

  it("re-reads the user's groups at refresh: the new access token's userinfo has them", async () => {
    const bob = `uid=bob,ou=people,${SUFFIX}`;
    const developers = `cn=developers,ou=groups,${SUFFIX}`;
    const body = (await (await passwordGrant(serviceId, 'bob', 'bob-password')).json()) as { access_token: string; refresh_token: string };
    expect((await userinfo(body.access_token)).groups).toEqual(['sales']);
    const membership = (operation: 'add' | 'delete') =>
      slapd.asRoot((client) => client.modify(developers, new Change({ operation, modification: new Attribute({ type: 'member', values: [bob] }) })));
    await membership('add');
    try {
      const refreshed = (await (await refresh(serviceId, body.refresh_token)).json()) as { access_token: string };
      expect((await userinfo(refreshed.access_token)).groups).toEqual(expect.arrayContaining(['sales', 'developers', 'engineering', 'staff']));
    } finally {
      await membership('delete');
    }
  });

  it("ends a removed user's login at the next refresh: invalid_grant UPSTREAM_REFRESH_FAILED, the family revoked", async () => {
    const body = (await (await passwordGrant(serviceId, 'carol', 'carol-password')).json()) as { refresh_token: string };
    const first = await refresh(serviceId, body.refresh_token);
    expect(first.status).toBe(200);
    const { refresh_token: next } = (await first.json()) as { refresh_token: string };
    await slapd.asRoot((client) => client.del(`uid=carol,ou=people,${SUFFIX}`));
    const refused = await refresh(serviceId, next);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
    // Revoked, not merely refused once: the same token stays refused, and still says why.
    expect(await (await refresh(serviceId, next)).json()).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
  });

  it('answers a directory outage with 503 UPSTREAM_UNAVAILABLE (page and password grant, Retry-After), nothing revoked; back once it is', async () => {
    const body = (await (await passwordGrant(serviceId, 'bob', 'bob-password')).json()) as { refresh_token: string };
    await slapd.stop();
    try {
      const { callback } = await loginPage('alice', 'alice-password');
      expect(callback.status).toBe(503);
      expect(callback.body).toContain(PAGE_SAYS.UPSTREAM_UNAVAILABLE);
      const grant = await passwordGrant(serviceId, 'alice', 'alice-password');
      expect(grant.status).toBe(503);
      expect(grant.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await grant.json()).toMatchObject({ error: 'temporarily_unavailable', code: 'UPSTREAM_UNAVAILABLE' });
      const refreshed = await refresh(serviceId, body.refresh_token);
      expect(refreshed.status).toBe(503);
      expect(await refreshed.json()).toMatchObject({ error: 'temporarily_unavailable', code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      await slapd.resume();
    }
    expect((await loginPage('alice', 'alice-password')).callback.status).toBe(303);
    // The outage spent nothing: the refresh token the directory could not confirm works now.
    expect((await refresh(serviceId, body.refresh_token)).status).toBe(200);
  });

  it('serves two ldap services of one environment, each with its own config', async () => {
    const contractors = await createService('Contractors', { baseDn: `ou=contractors,${SUFFIX}` });
    await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, serviceId, contractors],
      defaultService: serviceId,
    });
    // dana is in both subtrees: ambiguous under the suffix, one entry under ou=contractors.
    expect((await passwordGrant(serviceId, 'dana', 'dana-password')).status).toBe(400);
    expect((await passwordGrant(contractors, 'dana', 'dana-password')).status).toBe(200);
    expect((await passwordGrant(contractors, 'alice', 'alice-password')).status).toBe(400);
  });

  it('has a PATCH of the service reach a second gateway instance on the same database without a restart', async () => {
    const second = await startGateway({ databaseUrl: testbed.scratch.url, secrets });
    try {
      const before = (await (await passwordGrant(serviceId, 'alice', 'alice-password', second.url)).json()) as { access_token: string };
      expect(await userinfo(before.access_token, second.url)).toHaveProperty('groups');
      const patched = await testbed.api('PATCH', `/v1/auth-services/${serviceId}`, { config: { allowedAttributes: ['cn'] } });
      expect(patched.status).toBe(200);
      const groupsGone = await within(10_000, async () => {
        const after = (await (await passwordGrant(serviceId, 'alice', 'alice-password', second.url)).json()) as { access_token: string };
        return !('groups' in (await userinfo(after.access_token, second.url)));
      });
      expect(groupsGone).toBe(true);
    } finally {
      await testbed.api('PATCH', `/v1/auth-services/${serviceId}`, { config: { allowedAttributes: ['groups', 'cn'] } });
      await second.stop();
    }
  });

  it('locks a username after 5 failures (IDENTITY_TEMPORARILY_LOCKED), answering an unknown username the same way', async () => {
    // An environment of its own: the failures of the other tests count against this address there.
    const fresh = await createTenant(testbed.gateway.provisioner);
    const service = await createService('Directory', {}, fresh.environment.id);
    await testbed.api('PUT', `/v1/environments/${fresh.environment.id}/identity`, { enabledServices: [fresh.localService.id, service], defaultService: service });
    const attempt = async (username: string, password: string) => (await passwordGrant(service, username, password, testbed.gateway.url, fresh)).json();
    for (const username of ['alice', 'nobody-at-all']) {
      for (let i = 0; i < 5; i++) expect(await attempt(username, 'wrong password')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      expect(await attempt(username, 'alice-password')).toMatchObject({ error: 'invalid_grant', code: 'IDENTITY_TEMPORARILY_LOCKED' });
    }
  });
});
