import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { startFacebookGraph, type FacebookGraph } from '../../support/facebook-graph';
import { startOidcUpstream, type OidcUpstream } from '../../support/oidc-upstream';
import { makeKeyPair } from '../../support/saml-idp';
import { freePort } from '../../support/server-process';
import { createTenant } from '../../support/tenant';

type Check = { name: string; ok: boolean; detail: string; ms: number };
const PAGE = { redirectUris: ['https://app.example.com/callback'], allowedAttributes: [] };

/**
 * The connection tests of the redirect and WRAP types over the admin API, against real peers: a
 * real OpenID provider (oidc-provider, also one whose issuer is another), the Graph API stand-in,
 * a closed port and a server that never answers. Nothing is saved, no secret is in a detail.
 */
describe('connectors e2e: connection tests of oidc, oauth2, facebook and saml-wrap services', () => {
  let testbed: AdminTestbed;
  let upstream: OidcUpstream;
  let mismatched: OidcUpstream;
  let graph: FacebookGraph;
  let silent: Server;
  let silentUrl: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let certificate: string;
  /** A port nothing listens on (found free, then closed): connection refused. Not 9, which fetch refuses to try. */
  let CLOSED: string;

  const testNew = async (type: string, config: Record<string, unknown>) => {
    const answer = await testbed.api('POST', '/v1/auth-services/test', { name: 'tested', type, scope: { environmentId: tenant.environment.id }, config: { ...PAGE, ...config } });
    expect(answer.status).toBe(200);
    return answer.body as { ok: boolean; checks: Check[] };
  };
  const oidcConfig = (idp: { url: string; issuer: string }, overrides: Record<string, unknown> = {}) => ({
    providerUri: `${idp.url}/token`,
    grantEndpoint: `${idp.url}/auth`,
    clientId: upstream.client.clientId,
    clientSecret: upstream.client.clientSecret,
    issuer: idp.issuer,
    ...overrides,
  });
  const oauth2Config = (providerUri: string) => ({
    providerUri,
    grantType: 'authorization_code',
    grantEndpoint: `${upstream.url}/auth`,
    clientId: upstream.client.clientId,
    clientSecret: upstream.client.clientSecret,
    userIdAttribute: 'sub',
  });
  const facebookConfig = (graphApiUrl: string) => ({ clientId: graph.app.clientId, clientSecret: graph.app.clientSecret, userIdAttribute: 'id', graphApiUrl });
  const noSecretIn = (result: unknown) => {
    for (const secret of [upstream.client.clientSecret, graph.app.clientSecret]) expect(JSON.stringify(result)).not.toContain(secret);
  };

  beforeAll(async () => {
    certificate = makeKeyPair('wrap-idp').certificate;
    CLOSED = `http://127.0.0.1:${await freePort()}`;
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    [testbed, upstream, mismatched, graph] = await Promise.all([
      startAdminTestbed(),
      startOidcUpstream({ users: {}, redirectUris: ['https://gateway.example.com/cb'] }),
      startOidcUpstream({ users: {}, redirectUris: ['https://gateway.example.com/cb'], issuerHost: 'localhost' }),
      startFacebookGraph({}),
    ]);
    tenant = await createTenant(testbed.gateway.provisioner);
  });
  afterAll(async () => {
    silent?.closeAllConnections();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    await Promise.all([testbed?.stop(), upstream?.stop(), mismatched?.stop(), graph?.stop()]);
  });

  describe('oidc discovery', () => {
    it('passes when discovery names the configured issuer, has both endpoints and a JWKS with keys', async () => {
      const result = await testNew('oidc', oidcConfig(upstream));
      expect(result).toMatchObject({ ok: true, checks: [{ name: 'discovery', ok: true, detail: expect.stringMatching(/\d+ key/) }] });
      expect(result.checks[0].ms).toBeGreaterThanOrEqual(0);
      noSecretIn(result);
    });

    it('fails when the discovered issuer is not the configured one', async () => {
      const result = await testNew('oidc', oidcConfig({ url: mismatched.url, issuer: mismatched.url }));
      expect(result).toMatchObject({ ok: false, checks: [{ name: 'discovery', ok: false, detail: expect.stringContaining('issuer is not the configured') }] });
    });

    it('fails when the issuer cannot be reached (a closed port), or has no discovery document', async () => {
      const closed = await testNew('oidc', oidcConfig({ url: CLOSED, issuer: CLOSED }));
      expect(closed).toMatchObject({ ok: false, checks: [{ name: 'discovery', ok: false, detail: expect.stringContaining('cannot be reached') }] });
      const none = await testNew('oidc', oidcConfig({ url: graph.graphApiUrl, issuer: graph.graphApiUrl }));
      expect(none).toMatchObject({ ok: false, checks: [{ name: 'discovery', ok: false }] });
      noSecretIn([closed, none]);
    });
  });

  describe('tokenEndpoint of oauth2 and facebook', () => {
    it('passes on any HTTP answer of the token endpoint', async () => {
      expect(await testNew('oauth2', oauth2Config(`${upstream.url}/token`))).toMatchObject({
        ok: true,
        checks: [{ name: 'tokenEndpoint', ok: true, detail: expect.stringMatching(/answered HTTP \d{3}/) }],
      });
      const facebook = await testNew('facebook', facebookConfig(graph.graphApiUrl));
      expect(facebook).toMatchObject({ ok: true, checks: [{ name: 'tokenEndpoint', ok: true, detail: expect.stringContaining('answered HTTP 400') }] });
      noSecretIn(facebook);
    });

    it('fails on a closed port, and on a server that does not answer in time', async () => {
      for (const result of [await testNew('oauth2', oauth2Config(`${CLOSED}/token`)), await testNew('facebook', facebookConfig(`${CLOSED}/v19.0`))]) {
        expect(result).toMatchObject({ ok: false, checks: [{ name: 'tokenEndpoint', ok: false, detail: expect.stringContaining('ECONNREFUSED') }] });
        noSecretIn(result);
      }
      const slow = await testNew('facebook', facebookConfig(`${silentUrl}/v19.0`));
      expect(slow).toMatchObject({ ok: false, checks: [{ name: 'tokenEndpoint', ok: false, detail: expect.stringContaining('did not answer within') }] });
    });

    it("tests a stored service with its stored secret, or a config merged over it, saving nothing", async () => {
      const created = await testbed.api('POST', '/v1/auth-services', {
        name: 'Facebook',
        type: 'facebook',
        scope: { environmentId: tenant.environment.id },
        config: { ...PAGE, ...facebookConfig(graph.graphApiUrl) },
      });
      const stored = await testbed.api('POST', `/v1/auth-services/${created.body.id}/test`, {});
      expect(stored.body).toMatchObject({ ok: true, checks: [{ name: 'tokenEndpoint', ok: true }] });
      const moved = await testbed.api('POST', `/v1/auth-services/${created.body.id}/test`, { config: { graphApiUrl: `${CLOSED}/v19.0`, clientSecret: graph.app.clientSecret } });
      expect(moved.body).toMatchObject({ ok: false, checks: [{ name: 'tokenEndpoint', ok: false }] });
      expect((await testbed.api('GET', `/v1/auth-services/${created.body.id}`)).body.config.graphApiUrl).toBe(graph.graphApiUrl);
    });
  });

  describe('saml-wrap connect', () => {
    it('passes when the WRAP API answers HTTP, fails on a closed port', async () => {
      const wrap = { wrapScope: 'https://rp.example.com/', certificate };
      expect(await testNew('saml-wrap', { ...wrap, providerUri: `${upstream.url}/wrap` })).toMatchObject({ ok: true, checks: [{ name: 'connect', ok: true }] });
      expect(await testNew('saml-wrap', { ...wrap, providerUri: `${CLOSED}/wrap` })).toMatchObject({
        ok: false,
        checks: [{ name: 'connect', ok: false, detail: expect.stringContaining('cannot be reached') }],
      });
    });
  });
});
