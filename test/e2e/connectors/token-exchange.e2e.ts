import { generateKeyPair, SignJWT, decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { expectedLoginClaims, loginClaimsSeen } from '../../support/login-claims';
import { startOidcUpstream, type OidcUpstream } from '../../support/oidc-upstream';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const USERS = {
  alice: { password: 'alice-password', claims: { name: 'Alice Archer', preferred_username: 'alice', email: 'alice@corp.example', email_verified: true, department: 'R&D', employee_id: 'E-1001' } },
  bob: { password: 'bob-password', claims: { name: 'Bob Baker', preferred_username: 'bob', email: 'bob@corp.example', email_verified: true, department: 'Sales', employee_id: 'E-1002' } },
  // Only ever refused: no row of hers may exist at the end.
  carol: { password: 'carol-password', claims: { name: 'Carol Cole', preferred_username: 'carol', email: 'carol@corp.example', email_verified: true, department: 'Legal', employee_id: 'E-1003' } },
};
type Answer = { status: number; body: Record<string, unknown>; headers: Headers };

/**
 * RFC 8693 token exchange at POST /oauth/token, against a real OpenID provider (oidc-provider
 * in-process): an app that signed its user in at the IdP (as the gateway's client there) trades the
 * ID token or access token it holds for the gateway's tokens, through the client's oidc or oauth2
 * service, with openid-client as the app. The refusals, each changing nothing: a replayed, expired,
 * foreign-audience, foreign-issuer, wrongly signed or unsigned ID token; garbage; bad or missing
 * token types; delegation; a client without the grant type or whose service cannot exchange; an
 * upstream that cannot be reached.
 */
describe('connectors e2e: token exchange (RFC 8693) through oidc and oauth2 services', () => {
  let testbed: AdminTestbed;
  let upstream: OidcUpstream;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let app: oidc.Configuration;
  const services: Record<'oidc' | 'oauth2' | 'oauth2NoUserEndpoint' | 'oidcDown' | 'oauth2Down' | 'ldap', string> = {} as never;

  const gateway = () => testbed.gateway.url;
  const common = { redirectUris: [ACME_MOBILE.redirectUris[0]], allowedAttributes: ['department', 'email', 'name'], allowRefreshTokens: true };
  const oidcConfig = (overrides: Record<string, unknown> = {}) => ({
    ...common,
    providerUri: `${upstream.url}/token`,
    grantEndpoint: `${upstream.url}/auth`,
    clientId: upstream.client.clientId,
    clientSecret: upstream.client.clientSecret,
    issuer: upstream.url,
    scope: 'profile email',
    ...overrides,
  });
  const oauth2Config = (overrides: Record<string, unknown> = {}) => ({
    ...common,
    providerUri: `${upstream.url}/token`,
    grantType: 'authorization_code',
    grantEndpoint: `${upstream.url}/auth`,
    clientId: upstream.client.clientId,
    clientSecret: upstream.client.clientSecret,
    userIdAttribute: 'sub',
    userIdEndpoint: `${upstream.url}/me`,
    scope: 'openid profile email',
    ...overrides,
  });
  const createService = async (name: string, type: string, config: Record<string, unknown>) => {
    const created = await testbed.api('POST', '/v1/auth-services', { name, type, scope: { environmentId: tenant.environment.id }, config });
    expect(created).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    return created.body.id as string;
  };

  /** A token exchange as the environment's own client with `serviceId` selected (`appKey.serviceId`, HTTP Basic). */
  const exchangeThrough = async (serviceId: string, form: Record<string, string>): Promise<Answer> => {
    const response = await postForm(`${gateway()}/oauth/token`, { grant_type: GRANT, ...form }, basicAuth(`${tenant.environment.appKey}.${serviceId}`, tenant.appSecret));
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
  };
  const idTokenForm = (token: string, scope = 'openid profile email') => ({ subject_token: token, subject_token_type: ID_TOKEN, scope });
  const userinfo = async (accessToken: string) =>
    (await fetch(`${gateway()}/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).json() as Promise<Record<string, unknown>>;
  /** Rows a sign-in would write in the tenant's environment. */
  const rows = async () => {
    const [counts]: Record<string, string>[] = await testbed.gateway.running.runtime.database.dataSource.query(
      `SELECT (SELECT count(*) FROM "account" WHERE "environment_id" = $1) AS "accounts",
              (SELECT count(*) FROM "identity" WHERE "environment_id" = $1) AS "identities",
              (SELECT count(*) FROM "refresh_token_family" WHERE "environment_id" = $1) AS "families"`,
      [tenant.environment.id],
    );
    return counts;
  };
  /** The refusal `answer` comes from, with nothing written by it. */
  const expectRefusal = async (work: () => Promise<Answer>, status: number, error: string, code: string) => {
    const before = await rows();
    const answer = await work();
    expect({ status: answer.status, error: answer.body.error, code: answer.body.code }).toEqual({ status, error, code });
    expect(answer.body).not.toHaveProperty('access_token');
    expect(await rows()).toEqual(before);
    return answer;
  };
  /** Claims of an ID token this IdP would sign for the gateway's client, `overrides` applied. */
  const idTokenClaims = (overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: upstream.issuer, aud: upstream.client.clientId, sub: 'carol', iat: now, exp: now + 300, ...overrides };
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    upstream = await startOidcUpstream({ users: USERS, redirectUris: ACME_MOBILE.redirectUris });
    services.oidc = await createService('Corporate IdP', 'oidc', oidcConfig());
    services.oauth2 = await createService('Corporate OAuth2', 'oauth2', oauth2Config());
    services.oauth2NoUserEndpoint = await createService('OAuth2 without a user endpoint', 'oauth2', oauth2Config({ userIdEndpoint: undefined }));
    // Closed ports: discovery, and the user id endpoint, cannot be reached.
    services.oidcDown = await createService('IdP down', 'oidc', oidcConfig({ issuer: 'http://127.0.0.1:9', providerUri: 'http://127.0.0.1:9/token', grantEndpoint: 'http://127.0.0.1:9/auth' }));
    services.oauth2Down = await createService('OAuth2 down', 'oauth2', oauth2Config({ userIdEndpoint: 'http://127.0.0.1:9/me' }));
    services.ldap = await createService('Directory', 'ldap', { redirectUris: common.redirectUris, allowedAttributes: [], providerUri: 'ldaps://127.0.0.1:9', baseDn: 'dc=example,dc=com' });
    const put = await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, {
      enabledServices: [tenant.localService.id, ...Object.values(services)],
      defaultService: services.oidc,
    });
    expect(put.status).toBe(200);
    // The app: a registered first-party native client with the grant type, on the environment's default service (oidc).
    const native = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, { name: 'Field app', firstParty: true, grantTypes: [GRANT, 'refresh_token'] });
    app = await oidc.discovery(new URL(gateway()), native.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => {
    await testbed?.stop();
    await upstream?.stop();
  });

  it('lists the grant type in discovery and describes oidc and oauth2 as able to exchange', async () => {
    expect(app.serverMetadata().grant_types_supported).toContain(GRANT);
    const types = (await testbed.api('GET', '/v1/auth-service-types')).body as unknown as { type: string; capabilities: string[] }[];
    const exchanging = types.filter((type) => type.capabilities.includes('token-exchange'));
    expect(exchanging.map((type) => type.type).sort()).toEqual(['oauth2', 'oidc']);
  });

  it("exchanges the IdP's ID token (openid-client as the app): the gateway's tokens, the upstream claims in userinfo, a refresh token", async () => {
    const upstreamTokens = await upstream.tokensFor('alice');
    const tokens = await oidc.genericGrantRequest(app, GRANT, { subject_token: upstreamTokens.id_token, subject_token_type: ID_TOKEN, scope: 'openid profile email' });
    expect(tokens).toMatchObject({ issued_token_type: ACCESS_TOKEN, token_type: 'bearer', scope: 'openid profile email', expires_in: expect.any(Number) });
    expect(tokens).not.toHaveProperty('id_token');
    const claims = await userinfo(tokens.access_token);
    expect(claims).toMatchObject({ department: 'R&D', email: 'alice@corp.example', name: 'Alice Archer' });
    expect(claims).not.toHaveProperty('employee_id');
    const refreshed = await oidc.refreshTokenGrant(app, tokens.refresh_token!);
    expect(await userinfo(refreshed.access_token)).toMatchObject({ department: 'R&D' });
    // The IdP vouched for the user: the identity is its `sub` at the service, and no amr (docs/gateway.md#login-claims).
    const alice = { uid: claims.sub as string, provider: services.oidc, providerUid: 'alice' };
    const introspector = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    expect(await loginClaimsSeen(gateway(), introspector, tokens)).toEqual(expectedLoginClaims(alice, false));
    expect(await loginClaimsSeen(gateway(), introspector, refreshed)).toEqual(expectedLoginClaims(alice, refreshed.id_token !== undefined));
  });

  it('exchanges an access token through the oidc service (checked at its userinfo endpoint) and through oauth2 (its userIdEndpoint)', async () => {
    const viaOidc = await oidc.genericGrantRequest(app, GRANT, { subject_token: (await upstream.tokensFor('bob')).access_token, subject_token_type: ACCESS_TOKEN, scope: 'openid profile' });
    expect(viaOidc).toMatchObject({ issued_token_type: ACCESS_TOKEN, scope: 'openid profile' });
    const bobViaOidc = await userinfo(viaOidc.access_token);
    expect(bobViaOidc).toMatchObject({ department: 'Sales', name: 'Bob Baker' });

    const viaOauth2 = await exchangeThrough(services.oauth2, {
      subject_token: (await upstream.tokensFor('bob')).access_token,
      subject_token_type: ACCESS_TOKEN,
      requested_token_type: ACCESS_TOKEN,
      scope: 'openid profile email',
    });
    expect(viaOauth2.status).toBe(200);
    expect(viaOauth2.headers.get('cache-control')).toBe('no-store');
    expect(viaOauth2.body).toMatchObject({ issued_token_type: ACCESS_TOKEN, token_type: 'Bearer', refresh_token: expect.any(String) });
    const bobViaOauth2 = await userinfo(viaOauth2.body.access_token as string);
    expect(bobViaOauth2).toMatchObject({ department: 'Sales', email: 'bob@corp.example' });
    // Each service names its own identity: two accounts for the one upstream user.
    expect(bobViaOauth2.sub).not.toBe(bobViaOidc.sub);
    expect(await loginClaimsSeen(gateway(), { clientId: tenant.environment.appKey, secret: tenant.appSecret }, viaOauth2.body as { access_token: string })).toEqual(
      expectedLoginClaims({ uid: bobViaOauth2.sub as string, provider: services.oauth2, providerUid: 'bob' }, false),
    );
    expect(await isActive(gateway(), { clientId: tenant.environment.appKey, secret: tenant.appSecret }, viaOauth2.body.access_token as string)).toBe(true);
  });

  it('takes each ID token once, also when presented concurrently (the replay cache is in the database, shared by every instance)', async () => {
    const { id_token: idToken } = await upstream.tokensFor('alice');
    expect((await exchangeThrough(services.oidc, idTokenForm(idToken))).status).toBe(200);
    await expectRefusal(() => exchangeThrough(services.oidc, idTokenForm(idToken)), 400, 'invalid_grant', 'UPSTREAM_REJECTED');
    // Sent at once: one wins the claim, the others are refused.
    const { id_token: raced } = await upstream.tokensFor('bob');
    const answers = await Promise.all(Array.from({ length: 4 }, () => exchangeThrough(services.oidc, idTokenForm(raced))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400, 400]);
    const [kept]: { count: string }[] = await testbed.gateway.running.runtime.database.dataSource.query(
      `SELECT count(*) FROM "saml_assertion_replay" WHERE "service_id" = $1 AND "expires_at" > now()`,
      [services.oidc],
    );
    expect(Number(kept.count)).toBeGreaterThanOrEqual(1);
  });

  it('refuses ID tokens that are expired, for another audience or issuer, signed with another key or not at all (UPSTREAM_REJECTED)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const refusedIdToken = (token: string) => expectRefusal(() => exchangeThrough(services.oidc, idTokenForm(token)), 400, 'invalid_grant', 'UPSTREAM_REJECTED');
    // Signed by the IdP's own key, so only the named claim is wrong. Expired past the 60 s skew:
    await refusedIdToken(await upstream.signJwt(idTokenClaims({ iat: now - 900, exp: now - 120 })));
    await refusedIdToken(await upstream.signJwt(idTokenClaims({ aud: 'another-client' })));
    await refusedIdToken(await upstream.signJwt(idTokenClaims({ iss: 'https://idp.evil.example' })));
    await refusedIdToken(await upstream.signJwt(idTokenClaims({ sub: undefined })));
    // An access token in JWT form (RFC 9068) is not an ID token.
    await refusedIdToken(await upstream.signJwt(idTokenClaims(), { typ: 'at+jwt' }));
    // Another key under the IdP's key id: the signature fails.
    const { kid } = decodeProtectedHeader(await upstream.signJwt({}));
    const { privateKey } = await generateKeyPair('RS256');
    await refusedIdToken(await new SignJWT(idTokenClaims()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey));
    // HS256 keyed with something public, and `alg: none`: never accepted.
    await refusedIdToken(await new SignJWT(idTokenClaims()).setProtectedHeader({ alg: 'HS256', kid }).sign(new TextEncoder().encode(upstream.client.clientId)));
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(idTokenClaims())).toString('base64url')}.`;
    await refusedIdToken(unsigned);
    // A well-formed one of the same claims is accepted: the refusals above were the claims' and keys' doing.
    expect((await exchangeThrough(services.oidc, idTokenForm(await upstream.signJwt(idTokenClaims({ sub: 'dave' }))))).status).toBe(200);
  });

  it('takes an ID token longer than other parameters may be (an enterprise with many group claims), up to 32 KiB', async () => {
    const groups = Array.from({ length: 400 }, (_, i) => `cn=group-${i},ou=groups,dc=corp,dc=example`);
    const large = await upstream.signJwt(idTokenClaims({ sub: 'dave', groups }));
    expect(large.length).toBeGreaterThan(16_384);
    expect((await exchangeThrough(services.oidc, idTokenForm(large))).status).toBe(200);
    const oversized = await upstream.signJwt(idTokenClaims({ sub: 'dave', groups: [...groups, ...groups] }));
    expect(oversized.length).toBeGreaterThan(32_768);
    await expectRefusal(() => exchangeThrough(services.oidc, idTokenForm(oversized)), 400, 'invalid_request', 'INVALID_PARAMETER');
  });

  it('refuses garbage and an access token the IdP does not know (invalid_grant UPSTREAM_REJECTED), never a 500', async () => {
    for (const garbage of ['not-a-token', 'a.b.c', '....', `${'x'.repeat(100)}.${'y'.repeat(100)}.z`]) {
      await expectRefusal(() => exchangeThrough(services.oidc, idTokenForm(garbage)), 400, 'invalid_grant', 'UPSTREAM_REJECTED');
    }
    await expectRefusal(() => exchangeThrough(services.oidc, { subject_token: 'unknown-access-token', subject_token_type: ACCESS_TOKEN }), 400, 'invalid_grant', 'UPSTREAM_REJECTED');
    await expectRefusal(() => exchangeThrough(services.oauth2, { subject_token: 'unknown-access-token', subject_token_type: ACCESS_TOKEN }), 400, 'invalid_grant', 'UPSTREAM_REJECTED');
  });

  it('refuses bad or missing token types, delegation and foreign targets (invalid_request)', async () => {
    const { id_token: idToken, access_token: accessToken } = await upstream.tokensFor('carol');
    const invalid = (form: Record<string, string>, serviceId = services.oidc, code = 'INVALID_PARAMETER') =>
      expectRefusal(() => exchangeThrough(serviceId, form), 400, 'invalid_request', code);
    await invalid({ subject_token: idToken, subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' });
    await invalid({ subject_token: idToken, subject_token_type: 'id_token' });
    await invalid({ subject_token: idToken, subject_token_type: ID_TOKEN, requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' });
    await invalid({ subject_token: idToken, subject_token_type: ID_TOKEN, actor_token: accessToken, actor_token_type: ACCESS_TOKEN });
    await invalid({ subject_token: idToken, subject_token_type: ID_TOKEN, audience: 'https://api.example.com' });
    await invalid({ subject_token: idToken }, services.oidc, 'MISSING_PARAMETER');
    await invalid({ subject_token_type: ID_TOKEN }, services.oidc, 'MISSING_PARAMETER');
    // oauth2 has no keys to check an ID token with; without a userIdEndpoint, nothing to check an access token at.
    await invalid({ subject_token: idToken, subject_token_type: ID_TOKEN }, services.oauth2);
    await invalid({ subject_token: accessToken, subject_token_type: ACCESS_TOKEN }, services.oauth2NoUserEndpoint);
    // None of the refusals spent the ID token.
    expect((await exchangeThrough(services.oidc, idTokenForm(idToken))).status).toBe(200);
  });

  it('refuses a client without the grant type, and services that cannot exchange (unauthorized_client UNSUPPORTED_PROVIDER)', async () => {
    const { id_token: idToken } = await upstream.tokensFor('carol');
    const withoutGrant = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, ACME_MOBILE);
    await expectRefusal(
      async () => {
        const response = await postForm(`${gateway()}/oauth/token`, { grant_type: GRANT, client_id: withoutGrant.clientId, ...idTokenForm(idToken) });
        return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
      },
      400,
      'unauthorized_client',
      'UNAUTHORIZED_CLIENT',
    );
    for (const serviceId of [tenant.localService.id, services.ldap]) {
      await expectRefusal(() => exchangeThrough(serviceId, idTokenForm(idToken)), 400, 'unauthorized_client', 'UNSUPPORTED_PROVIDER');
    }
  });

  it('answers 503 UPSTREAM_UNAVAILABLE with Retry-After when the IdP cannot be reached, and nothing is written', async () => {
    const { id_token: idToken, access_token: accessToken } = await upstream.tokensFor('carol');
    const down = await expectRefusal(() => exchangeThrough(services.oidcDown, idTokenForm(idToken)), 503, 'temporarily_unavailable', 'UPSTREAM_UNAVAILABLE');
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectRefusal(() => exchangeThrough(services.oauth2Down, { subject_token: accessToken, subject_token_type: ACCESS_TOKEN }), 503, 'temporarily_unavailable', 'UPSTREAM_UNAVAILABLE');
  });

  it('lets admins give the grant type to first-party clients only', async () => {
    const clients = `/v1/environments/${tenant.environment.id}/clients`;
    const firstParty = await testbed.api('POST', clients, { name: 'Kiosk', type: 'public', applicationType: 'native', firstParty: true, grantTypes: [GRANT] });
    expect(firstParty).toMatchObject({ status: 201, body: { grantTypes: [GRANT] } });
    const thirdParty = await testbed.api('POST', clients, { name: 'Partner', type: 'public', applicationType: 'native', firstParty: false, grantTypes: [GRANT] });
    expect(thirdParty.status).toBe(400);
    expect(JSON.stringify(thirdParty.body)).toContain('grantTypes');
  });
});
