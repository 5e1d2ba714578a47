import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { BrowserAgent } from '../../support/browser-agent';
import { startCustomAdaptor, type CustomAdaptor } from '../../support/custom-adaptor';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { basicAuth, postForm } from '../../support/requests';
import { Slapd, SUFFIX } from '../../support/slapd';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const SEED = readFileSync(join(__dirname, '../../support/ldap/directory.ldif'), 'utf8');
const REDIRECT = ACME_MOBILE.redirectUris[0];
const RITA = { username: 'rita', password: 'rita password 123' };

/** How the man in the middle treats the adaptor's answers: as they are, one body byte flipped (signature no longer matches), or never. */
type ProxyMode = 'pass' | 'tamper' | 'stall';

/** A plain HTTP relay in front of the real adaptor, to break its answers on the way back. */
async function startRelay(target: string): Promise<{ url: string; mode: ProxyMode; stop(): Promise<void> }> {
  const relay = { mode: 'pass' as ProxyMode };
  const server: Server = createServer((incoming, outgoing) => {
    if (relay.mode === 'stall') return;
    const upstream = httpRequest(`${target}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        if (relay.mode === 'tamper') body[body.length - 2] ^= 0x01;
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.end(body);
      });
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(relay, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/**
 * Upstream failures answered by the gateway: the custom adaptor's answer with a bad signature (it
 * refusing the gateway's, or its own tampered on the way), an adaptor that never answers — on the
 * password grant and the login page, 503 UPSTREAM_UNAVAILABLE, nothing revoked — the request id
 * reaching the adaptor, and LDAP with and without a connection pool.
 */
describe('connectors e2e: upstream failures and request ids through the gateway', () => {
  let adaptor: CustomAdaptor;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let slapd: Slapd;
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let config: oidc.Configuration;
  let relayed: string;
  let wrongSecret: string;

  const createService = async (name: string, type: string, settings: Record<string, unknown>) => {
    const created = await testbed.api('POST', '/v1/auth-services', {
      name,
      type,
      scope: { environmentId: tenant.environment.id },
      config: { redirectUris: [REDIRECT], allowedAttributes: [], ...settings },
    });
    expect(created).toMatchObject({ status: 201, body: { loginAvailable: true } });
    return created.body.id as string;
  };
  const useByDefault = async (service: string) =>
    expect(
      await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
        enabledServices: [tenant.localService.id, relayed, wrongSecret],
        defaultService: service,
      }),
    ).toMatchObject({ status: 200 });
  const token = (service: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(`${testbed.gateway.url}/oauth/token`, form, { ...basicAuth(`${tenant.environment.appKey}.${service}`, tenant.appSecret), ...headers });
  const passwordGrant = (service: string, credentials = RITA, headers: Record<string, string> = {}) =>
    token(service, { grant_type: 'password', ...credentials, scope: 'openid offline_access' }, headers);
  /** The login form of the environment's default service posted, with `headers` on the post. */
  const loginPage = async (headers: Record<string, string> = {}) => {
    const agent = new BrowserAgent();
    const page = await agent.get((await startAuthorization(config, REDIRECT)).url);
    expect(page.status).toBe(200);
    return agent.post(`${testbed.gateway.url}/v3/oauth/login`, { login_tx: page.loginTx, ...RITA }, headers);
  };
  const expectUnavailable = async (grant: Response) => {
    expect(grant.status).toBe(503);
    expect(grant.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await grant.json()).toMatchObject({ error: 'temporarily_unavailable', code: 'UPSTREAM_UNAVAILABLE' });
  };

  beforeAll(async () => {
    [adaptor, slapd] = await Promise.all([startCustomAdaptor(), Slapd.start({ seed: SEED })]);
    adaptor.addUser({ ...RITA, id: 'u-rita' });
    relay = await startRelay(adaptor.url);
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    relayed = await createService('Relayed adaptor', 'custom', { providerUri: relay.url, sharedSecret: adaptor.sharedSecret, timeoutMs: 500 });
    wrongSecret = await createService('Wrong secret', 'custom', { providerUri: adaptor.url, sharedSecret: `not-the-adaptor-secret-${'y'.repeat(32)}`, timeoutMs: 1000 });
    await useByDefault(relayed);
    const app = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, ACME_MOBILE);
    config = await publicClientConfig(testbed.gateway.url, app.clientId);
  });
  afterEach(() => {
    relay.mode = 'pass';
  });
  afterAll(async () => {
    await testbed?.stop();
    await Promise.all([adaptor?.stop(), relay?.stop(), slapd?.destroy()]);
  });

  it('passes the request id of the password grant and of the login page to the adaptor', async () => {
    expect((await passwordGrant(relayed, RITA, { 'x-request-id': 'grant-req-4711' })).status).toBe(200);
    expect((await loginPage({ 'x-request-id': 'page-req-4712' })).status).toBe(303);
    expect(adaptor.loginRequestIds()).toEqual(expect.arrayContaining(['grant-req-4711', 'page-req-4712']));
  });

  it('answers an adaptor that refuses the gateway signature with 503 UPSTREAM_UNAVAILABLE (grant and page)', async () => {
    await expectUnavailable(await passwordGrant(wrongSecret));
    await useByDefault(wrongSecret);
    try {
      const page = await loginPage();
      expect(page.status).toBe(503);
      expect(page.body).toContain('Sign-in is unavailable right now.');
    } finally {
      await useByDefault(relayed);
    }
  });

  it.each<[ProxyMode, string]>([
    ['tamper', 'an answer whose signature does not match'],
    ['stall', 'no answer within timeoutMs'],
  ])('answers %s (%s) with 503 UPSTREAM_UNAVAILABLE on grant, page and refresh, and revokes nothing', async (mode) => {
    const before = (await (await passwordGrant(relayed)).json()) as { refresh_token: string; access_token: string };
    relay.mode = mode;
    await expectUnavailable(await passwordGrant(relayed));
    const page = await loginPage();
    expect(page.status).toBe(503);
    expect(page.body).toContain('Sign-in is unavailable right now.');
    await expectUnavailable(await token(relayed, { grant_type: 'refresh_token', refresh_token: before.refresh_token }));
    relay.mode = 'pass';
    const introspected = await postForm(`${testbed.gateway.url}/oauth/introspect`, { token: before.access_token }, basicAuth(tenant.environment.appKey, tenant.appSecret));
    expect(await introspected.json()).toMatchObject({ active: true });
    expect((await token(relayed, { grant_type: 'refresh_token', refresh_token: before.refresh_token })).status).toBe(200);
  });

  it.each([0, 4])('signs a directory user in through an ldap service with poolSize %i', async (poolSize) => {
    const service = await createService(`Directory pool ${poolSize}`, 'ldap', {
      providerUri: slapd.ldapUrl,
      baseDn: SUFFIX,
      bindDn: `cn=reader,${SUFFIX}`,
      bindPassword: 'reader-secret',
      poolSize,
    });
    await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, relayed, wrongSecret, service],
      defaultService: relayed,
    });
    const readerBinds = slapd.bindCount(`cn=reader,${SUFFIX}`);
    for (let login = 0; login < 3; login++) expect((await passwordGrant(service, { username: 'alice', password: 'alice-password' })).status).toBe(200);
    const serviceBinds = slapd.bindCount(`cn=reader,${SUFFIX}`) - readerBinds;
    // Without a pool every login binds the service account afresh; a pool keeps its connections bound.
    if (poolSize === 0) expect(serviceBinds).toBeGreaterThanOrEqual(3);
    else expect(serviceBinds).toBeLessThanOrEqual(1);
    expect(await (await passwordGrant(service, { username: 'alice', password: 'wrong-password' })).json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
