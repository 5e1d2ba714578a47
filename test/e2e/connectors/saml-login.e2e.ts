import { createServer, type Server } from 'node:http';
import * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { expectedLoginClaims, loginClaimsSeen, upstreamLogin } from '../../support/login-claims';
import { exchange } from '../../support/login-flow';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { basicAuth, postForm } from '../../support/requests';
import { alterResponse, makeKeyPair, SamlIdp, wrapTokenAssertion, type ReceivedRequest, type ResponseOptions } from '../../support/saml-idp';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const REDIRECT = ACME_MOBILE.redirectUris[0];
const ALICE = 'alice@corp.example';
const ATTRIBUTES = { department: 'R&D', email: ALICE, employee_id: 'E-1001' };
const WRAP_USER = { username: 'wrap-user@corp.example', password: 'wrap-password' };
const WRAP_SCOPE = 'https://rp.example.test/wrap';
type Kind = 'redirect' | 'post';

const unescapeHtml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_all, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[entity]!);

/** The auto-posting form of the HTTP-POST binding, as the browser would submit it. */
function autoPostForm(page: PageResponse): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]*)"/.exec(page.body)?.[1];
  if (!action) throw new Error('no auto-post form on the page');
  const fields: Record<string, string> = {};
  for (const [, name, value] of page.body.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescapeHtml(name)] = unescapeHtml(value);
  return { action: unescapeHtml(action), fields };
}

/**
 * Users of an enterprise SAML 2.0 IdP (samlify in this process) signing in through the gateway's
 * SP routes: both bindings (the AuthnRequest taken from the 303 or the auto-post form, the IdP's
 * response posted to our ACS), resume with the binding cookie, code + PKCE with openid-client as
 * the app, the SAML attributes the service allows in userinfo; the SP metadata routes; the
 * refusals at the gateway (tampered, replayed, unknown RelayState, another browser, AuthnFailed,
 * oversized); and the SAML-WRAP password grant against a local WRAP stand-in.
 */
describe('connectors e2e: SAML logins through the gateway', () => {
  const idp = new SamlIdp();
  const spKeys = makeKeyPair('sp.example.test');
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let app: oidc.Configuration;
  let wrap: Server;
  let wrapUrl: string;
  const services: Record<Kind | 'wrap', string> = {} as never;

  const gateway = () => testbed.gateway.url;
  const acsOf = (serviceId: string) => `${gateway()}/saml/${serviceId}/acs`;
  const common = { redirectUris: [REDIRECT], allowedAttributes: ['department', 'email'] };
  const samlConfig = { ...common, providerUri: idp.ssoUrl, logoutUri: 'https://idp.example.test/logout', certificate: idp.certificate };
  const use = async (serviceId: string) => {
    const put = await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, ...Object.values(services)],
      defaultService: serviceId,
    });
    expect(put.status).toBe(200);
  };
  const metadataOf = async (serviceId: string, path = `/v2/saml/${serviceId}/metadata`) => (await fetch(`${gateway()}${path}`)).text();
  const userinfo = async (accessToken: string) =>
    (await fetch(`${gateway()}/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).json() as Promise<Record<string, unknown>>;
  /** The login claims of a login through `service` (docs/gateway.md#login-claims): no `amr` for an assertion, `pwd` for a password. */
  const expectLogin = async (tokens: { access_token: string; id_token?: string }, service: string, amr?: string[]) =>
    expect(await loginClaimsSeen(gateway(), { clientId: tenant.environment.appKey, secret: tenant.appSecret }, tokens)).toEqual(
      expectedLoginClaims(await upstreamLogin(testbed.gateway.running.runtime.database.dataSource, tokens.access_token, service, amr), tokens.id_token !== undefined),
    );
  const expectPage = (page: PageResponse, status: number, code: string) => {
    expect(page.status).toBe(status);
    expect(page.body).toContain(code);
    expect(page.headers.get('location')).toBeNull();
  };

  /** The app's authorization request, the gateway's step to the IdP, and the AuthnRequest as the IdP reads it. */
  const toIdp = async (kind: Kind, agent: BrowserAgent) => {
    const started = await startAuthorization(app, REDIRECT);
    const sent = await agent.get(started.url);
    // The post service presents the v1 entity id: the IdP reads that metadata.
    const metadata = await metadataOf(services[kind], kind === 'post' ? `/saml/${services.post}/metadata` : undefined);
    if (kind === 'redirect') {
      expect(sent.status).toBe(303);
      return { started, metadata, received: await idp.receive({ kind: 'redirect', location: sent.location }, metadata) };
    }
    expect(sent.status).toBe(200);
    const form = autoPostForm(sent);
    return { started, metadata, received: await idp.receive({ kind: 'post', ...form }, metadata, { wantAuthnRequestsSigned: true }) };
  };
  /** The IdP's answer, posted by the browser to our ACS. */
  const toAcs = (kind: Kind, agent: BrowserAgent, form: Record<string, string>) => agent.post(acsOf(services[kind]), form);
  const respond = (login: { metadata: string; received: ReceivedRequest }, options: Partial<ResponseOptions> = {}) =>
    idp.respond(login.metadata, login.received, { nameId: ALICE, attributes: ATTRIBUTES, ...options });

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    const redirect = await testbed.api('POST', '/v1/auth-services', { name: 'corp-saml', type: 'saml-redirect', scope: { environmentId: tenant.environment.id }, config: samlConfig });
    expect(redirect).toMatchObject({ status: 201, body: { loginAvailable: true } });
    services.redirect = redirect.body.id as string;
    const post = await testbed.api('POST', '/v1/auth-services', {
      name: 'corp-saml-post',
      type: 'saml-post',
      scope: { environmentId: tenant.environment.id },
      config: { ...samlConfig, signAuthnRequests: true, decryptionKey: spKeys.key, spCertificate: spKeys.certificate, spEntityIdVersion: 'v1' },
    });
    expect(post).toMatchObject({ status: 201, body: { loginAvailable: true } });
    services.post = post.body.id as string;

    wrap = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        if (form.get('wrap_name') !== WRAP_USER.username || form.get('wrap_password') !== WRAP_USER.password) return void response.writeHead(401).end('wrap_error=invalid');
        const token = wrapTokenAssertion(idp, { nameId: WRAP_USER.username, audience: WRAP_SCOPE, attributes: { department: 'Sales', employee_id: 'E-2' } });
        response.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' });
        response.end(new URLSearchParams({ wrap_access_token: token, wrap_access_token_expires_in: '300' }).toString());
      });
    });
    await new Promise<void>((resolve) => wrap.listen(0, '127.0.0.1', resolve));
    wrapUrl = `http://127.0.0.1:${(wrap.address() as { port: number }).port}/wrap`;
    const wrapService = await testbed.api('POST', '/v1/auth-services', {
      name: 'corp-wrap',
      type: 'saml-wrap',
      scope: { environmentId: tenant.environment.id },
      config: { ...common, providerUri: wrapUrl, wrapScope: WRAP_SCOPE, certificate: idp.certificate },
    });
    expect(wrapService.status).toBe(201);
    services.wrap = wrapService.body.id as string;

    app = await publicClientConfig(gateway(), (await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, ACME_MOBILE)).clientId);
    await use(services.redirect);
    // samlify's first request and response load its schema validator, blocking this process for
    // seconds: done here, then a pause so fetch sees the keep-alive sockets the servers closed meanwhile.
    await respond(await toIdp('redirect', new BrowserAgent()));
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  afterAll(async () => {
    await testbed?.stop();
    await new Promise((resolve) => wrap?.close(resolve));
  });

  it('serves the SP metadata the admin API names: entity ids v1 and v2, the ACS, the SP certificate; 404 for what is not a SAML service', async () => {
    for (const id of [services.redirect, services.post]) {
      const { body } = await testbed.api('GET', `/v1/auth-services/${id}`);
      expect(body.acsUrl).toBe(acsOf(id));
      for (const version of ['v1', 'v2'] as const) {
        const answer = await fetch(body.spMetadataUrls[version]);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
        expect(answer.headers.get('cache-control')).toContain('max-age=300');
        const xml = await answer.text();
        expect(xml).toContain(`entityID="${body.spEntityIds[version]}"`);
        expect(xml).toMatch(new RegExp(`AssertionConsumerService[^>]*Location="${acsOf(id)}"`));
        expect(xml).toContain('WantAssertionsSigned="true"');
      }
      const withoutId = (xml: string) => xml.replace(/ ID="[^"]*"/, '');
      expect(withoutId(await metadataOf(id, `/v3/saml/${id}/metadata`))).toBe(withoutId(await metadataOf(id, `/v2/saml/${id}/metadata`)));
    }
    const postMetadata = await metadataOf(services.post);
    expect(postMetadata).toContain('AuthnRequestsSigned="true"');
    expect(postMetadata).toContain(spKeys.certificate.replace(/-----[A-Z ]+-----|\s/g, '').slice(0, 64));
    for (const path of [`/saml/${services.wrap}/metadata`, `/v2/saml/${tenant.localService.id}/metadata`, '/v2/saml/00000000-0000-4000-8000-000000000000/metadata', '/saml/not-a-uuid/metadata']) {
      const answer = await fetch(`${gateway()}${path}`);
      expect(answer.status).toBe(404);
      expect(await answer.json()).toMatchObject({ code: 'NOT_FOUND' });
      expect(answer.headers.get('cache-control')).not.toContain('max-age');
    }
  });

  it.each(['redirect', 'post'] as const)('signs an IdP user in by the %s binding: ACS → resume → code + PKCE → the allowed SAML attributes in userinfo', async (kind) => {
    await use(services[kind]);
    const agent = new BrowserAgent();
    const login = await toIdp(kind, agent);
    expect(login.received).toMatchObject({ acsUrl: acsOf(services[kind]), issuer: kind === 'post' ? 'rapidauth-mobile-identity-connect' : `${gateway()}/v2/saml/${services[kind]}/metadata` });
    const acs = await toAcs(kind, agent, { SAMLResponse: await respond(login, { encrypt: kind === 'post' }), RelayState: login.received.relayState });
    expect(acs.status).toBe(303);
    expect(acs.location.startsWith(`${gateway()}/v3/oauth/resume?login_tx=`)).toBe(true);
    const resumed = await agent.get(acs.location);
    expect(resumed.status).toBe(303);
    const tokens = await exchange(app, resumed.location, login.started);
    const claims = await userinfo(tokens.access_token);
    expect(claims).toMatchObject({ department: 'R&D', email: ALICE });
    expect(claims).not.toHaveProperty('employee_id');
    await expectLogin(tokens, services[kind]);
  });

  it('refuses a response tampered after signing (UPSTREAM_REJECTED page, no code), and a replayed one', async () => {
    await use(services.redirect);
    const agent = new BrowserAgent();
    const login = await toIdp('redirect', agent);
    const signed = await respond(login, { nameId: 'mallory@corp.example' });
    const tampered = alterResponse(signed, (xml) => xml.replace('>mallory@corp.example<', `>${ALICE}<`));
    expectPage(await toAcs('redirect', agent, { SAMLResponse: tampered, RelayState: login.received.relayState }), 400, 'UPSTREAM_REJECTED');

    const next = await toIdp('redirect', agent);
    const response = await respond(next);
    expect((await toAcs('redirect', agent, { SAMLResponse: response, RelayState: next.received.relayState })).status).toBe(303);
    // The same response again: its RelayState is spent, and under a fresh one its request id and assertion are.
    expectPage(await toAcs('redirect', agent, { SAMLResponse: response, RelayState: next.received.relayState }), 400, 'INVALID_STATE');
    const fresh = await toIdp('redirect', agent);
    expectPage(await toAcs('redirect', agent, { SAMLResponse: response, RelayState: fresh.received.relayState }), 400, 'UPSTREAM_REJECTED');
  });

  it('refuses an unknown RelayState, another service, and a resume in another browser with INVALID_STATE', async () => {
    await use(services.redirect);
    const agent = new BrowserAgent();
    const login = await toIdp('redirect', agent);
    const response = await respond(login);
    expectPage(await toAcs('redirect', agent, { SAMLResponse: response, RelayState: 'never-issued' }), 400, 'INVALID_STATE');
    expectPage(await toAcs('redirect', agent, { SAMLResponse: response }), 400, 'INVALID_STATE');
    expectPage(await toAcs('post', agent, { SAMLResponse: response, RelayState: login.received.relayState }), 400, 'INVALID_STATE');
    expectPage(await agent.post(`${gateway()}/saml/not-a-uuid/acs`, { SAMLResponse: response, RelayState: login.received.relayState }), 400, 'INVALID_STATE');

    const acs = await toAcs('redirect', agent, { SAMLResponse: response, RelayState: login.received.relayState });
    expect(acs.status).toBe(303);
    const refused = await new BrowserAgent().get(acs.location);
    expectPage(refused, 400, 'INVALID_STATE');
    expect(refused.headers.getSetCookie()).toEqual([]);
    // The browser that started the login still finishes it.
    expect((await agent.get(acs.location)).location.startsWith(REDIRECT)).toBe(true);
  });

  it('sends the app access_denied when the IdP answers AuthnFailed', async () => {
    await use(services.redirect);
    const agent = new BrowserAgent();
    const login = await toIdp('redirect', agent);
    const template = (xml: string) =>
      xml.replace(
        '<samlp:StatusCode Value="{StatusCode}"/>',
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>',
      );
    const denied = await toAcs('redirect', agent, { SAMLResponse: await respond(login, { template }), RelayState: login.received.relayState });
    expect(denied.status).toBe(303);
    const back = new URL(denied.location);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', state: login.started.state, iss: gateway() });
  });

  it('answers oversized ACS bodies with a 4xx and a catalogue code, never a 500', async () => {
    await use(services.redirect);
    const agent = new BrowserAgent();
    const login = await toIdp('redirect', agent);
    // Over the connector's SAMLResponse size, within the route's body limit: the connector refuses it.
    const large = await toAcs('redirect', agent, { SAMLResponse: 'A'.repeat(300 * 1024), RelayState: login.received.relayState });
    expectPage(large, 400, 'UPSTREAM_REJECTED');
    // Over the route's body limit: the body parser's 413.
    const huge = await fetch(acsOf(services.redirect), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `RelayState=x&SAMLResponse=${'%2B'.repeat(300 * 1024)}`,
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'REQUEST_TOO_LARGE' });
  });

  it('grants a SAML-WRAP user tokens by password through the gateway; a wrong password is refused', async () => {
    const grant = (password: string) =>
      postForm(
        `${gateway()}/oauth/token`,
        { grant_type: 'password', username: WRAP_USER.username, password, scope: 'openid profile' },
        basicAuth(`${tenant.environment.appKey}.${services.wrap}`, tenant.appSecret),
      );
    const refused = await grant('not-the-password');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant', code: 'INVALID_CREDENTIALS' });
    const granted = await grant(WRAP_USER.password);
    expect(granted.status).toBe(200);
    const tokens = (await granted.json()) as { access_token: string; id_token?: string };
    const claims = await userinfo(tokens.access_token);
    expect(claims).toMatchObject({ department: 'Sales' });
    expect(claims).not.toHaveProperty('employee_id');
    await expectLogin(tokens, services.wrap, ['pwd']);
  });
});
