import { AccountEntity, IdentityEntity } from '@rapidauth/database';
import { IdentityMethods } from '@rapidauth/identity';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { expectedLoginClaims, loginClaimsSeen } from '../../support/login-claims';
import { createNativeApp, createTenant } from '../../support/tenant';

const ANONYMOUS = 'urn:rapidauth:grant-type:anonymous';
const TTL_SECONDS = 120;
const APP_ORIGIN = 'https://guest.example.com';

type Answer = { status: number; headers: Headers; body: Record<string, any> };

/**
 * Anonymous logins (docs/gateway.md#anonymous-login) over HTTP: POST /v3/auth/anonymous (JSON or
 * form) and the grant at /oauth/token; every login a new account that expires after
 * `anonymous.ttlSeconds`, whose tokens never outlive it; the method off, clients without the
 * grant, confidential clients, origins, and bad input.
 */
describe('anonymous login', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  const appKey = () => ({ clientId: tenant.environment.appKey, secret: tenant.appSecret });
  const manager = () => gateway.running.runtime.database.dataSource.manager;

  const answerOf = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  };
  const json = async (body: unknown, headers: Record<string, string> = {}) =>
    answerOf(await fetch(`${gateway.url}/v3/auth/anonymous`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
  const raw = async (body: string, contentType: string) =>
    answerOf(await fetch(`${gateway.url}/v3/auth/anonymous`, { method: 'POST', headers: { 'content-type': contentType }, body }));
  const token = async (form: Record<string, string>, headers: Record<string, string> = {}) => answerOf(await postForm(`${gateway.url}/oauth/token`, form, headers));
  const accounts = () => manager().count(AccountEntity, { where: { environmentId: tenant.environment.id } });
  const setMethods = (patch: unknown) => gateway.get(IdentityMethods).update(tenant.environment.id, patch);

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'Guest app', grantTypes: [ANONYMOUS, 'refresh_token'], allowedOrigins: [] })).clientId;
    await setMethods({ anonymous: { enabled: true, ttlSeconds: TTL_SECONDS }, authorizedOrigins: [APP_ORIGIN] });
  });

  afterAll(() => gateway?.stop());

  it('answers tokens and the auth object of a new account that expires after ttlSeconds', async () => {
    const before = Date.now();
    const answer = await json({ client_id: clientId, scope: 'openid' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { body } = answer;
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'openid', access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String) });
    expect(body.auth).toEqual({ provider: 'anonymous', providerUid: expect.any(String), uid: expect.any(String), createdAt: expect.any(Number), expires: expect.any(Number) });
    // The access token ends with the account (tokenTtl is an hour, ttlSeconds two minutes).
    expect(body.expires_in).toBeLessThanOrEqual(TTL_SECONDS);
    expect(body.auth.expires).toBeLessThanOrEqual(Math.ceil(before / 1000) + TTL_SECONDS + 1);
    const account = await manager().findOneByOrFail(AccountEntity, { id: body.auth.uid });
    expect(account.environmentId).toBe(tenant.environment.id);
    expect(account.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + TTL_SECONDS * 1000 - 1000);
    expect(account.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + TTL_SECONDS * 1000);
    const identity = await manager().findOneByOrFail(IdentityEntity, { accountId: body.auth.uid });
    expect(identity).toMatchObject({ provider: 'anonymous', providerUid: body.auth.providerUid });
    expect(body.auth.createdAt).toBe(Math.floor(identity.createdAt.getTime() / 1000));
    expect(await isActive(gateway.url, appKey(), body.access_token)).toBe(true);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    expect(claims.sub).toBe(body.auth.uid);
    expect(claims.exp).toBe(body.auth.expires);
    // Past the account's expiry the access token is expired too, so introspection answers inactive.
    expect(claims.exp).toBeLessThanOrEqual(Math.floor(account.expiresAt!.getTime() / 1000));
    // Login claims: the anonymous identity, no amr (RFC 8176 has no value for it); refreshed tokens keep them.
    const expected = expectedLoginClaims({ uid: body.auth.uid, provider: 'anonymous', providerUid: body.auth.providerUid }, true);
    expect(await loginClaimsSeen(gateway.url, appKey(), body as { access_token: string; id_token: string })).toEqual(expected);
    const refreshed = await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: body.refresh_token });
    expect(await loginClaimsSeen(gateway.url, appKey(), refreshed.body as { access_token: string; id_token: string })).toEqual(expected);
  });

  it('creates a new account on every login, from a form as from JSON', async () => {
    const first = await answerOf(await postForm(`${gateway.url}/v3/auth/anonymous`, { client_id: clientId }));
    const second = await json({ client_id: clientId });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.auth.uid).not.toBe(second.body.auth.uid);
    expect(first.body.auth.providerUid).not.toBe(second.body.auth.providerUid);
  });

  it('works at /oauth/token with the URN, without the auth object', async () => {
    const answer = await token({ grant_type: ANONYMOUS, client_id: clientId });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(answer.body).not.toHaveProperty('auth');
    const discovery = (await (await fetch(`${gateway.url}/.well-known/openid-configuration`)).json()) as { grant_types_supported: string[] };
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining([ANONYMOUS, 'urn:ietf:params:oauth:grant-type:jwt-bearer']));
  });

  it('refreshes while the account lives, and not once it has expired', async () => {
    const { body } = await json({ client_id: clientId });
    const refreshed = await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBeLessThanOrEqual(TTL_SECONDS);
    await manager().update(AccountEntity, { id: body.auth.uid }, { expiresAt: new Date(Date.now() - 1000) });
    const refused = await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshed.body.refresh_token });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });
    const introspected = await answerOf(await postForm(`${gateway.url}/oauth/introspect`, { token: refreshed.body.refresh_token }, basicAuth(appKey().clientId, appKey().secret)));
    expect(introspected.body).toEqual({ active: false });
  });

  it('shows the expiry in the account view, and refuses the account endpoints once it has passed', async () => {
    const { body } = await json({ client_id: clientId });
    const view = async () => answerOf(await fetch(`${gateway.url}/v3/auth/account`, { headers: { authorization: `Bearer ${body.access_token}` } }));
    const live = await view();
    expect(live.status).toBe(200);
    const account = await manager().findOneByOrFail(AccountEntity, { id: body.auth.uid });
    expect(live.body).toMatchObject({ uid: body.auth.uid, expiresAt: Math.floor(account.expiresAt!.getTime() / 1000) });
    expect(live.body.identities).toEqual([expect.objectContaining({ provider: 'anonymous', providerUid: body.auth.providerUid, current: true })]);
    // Expired but not yet deleted by the cleanup: the still-unexpired access token no longer opens the account.
    await manager().update(AccountEntity, { id: body.auth.uid }, { expiresAt: new Date(Date.now() - 1000) });
    const refused = await view();
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'invalid_token' });
  });

  it('is refused with PROVIDER_DISABLED while the method is off, creating nothing', async () => {
    await setMethods({ anonymous: { enabled: false } });
    try {
      const before = await accounts();
      const refused = await json({ client_id: clientId });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'access_denied', code: 'PROVIDER_DISABLED' });
      expect((await token({ grant_type: ANONYMOUS, client_id: clientId })).body).toMatchObject({ error: 'access_denied', code: 'PROVIDER_DISABLED' });
      expect(await accounts()).toBe(before);
    } finally {
      await setMethods({ anonymous: { enabled: true } });
    }
  });

  it('is refused to a client without the grant type', async () => {
    const other = await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'Code app', redirectUris: ['com.acme.code:/cb'] });
    const refused = await json({ client_id: other.clientId });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'unauthorized_client', code: 'UNAUTHORIZED_CLIENT' });
  });

  it('takes a confidential client with HTTP Basic or client_secret, and refuses it without', async () => {
    const { client, clientSecret } = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Guest backend',
      type: 'confidential',
      grantTypes: [ANONYMOUS],
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    const basic = await json({}, basicAuth(client.clientId, clientSecret!));
    expect(basic.status).toBe(200);
    expect(basic.body.auth.provider).toBe('anonymous');
    expect(basic.body).not.toHaveProperty('refresh_token');
    const bare = await json({ client_id: client.clientId });
    expect(bare.status).toBe(401);
    expect(bare.body).toMatchObject({ error: 'invalid_client' });
    const wrong = await json({}, basicAuth(client.clientId, 'not the secret'));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
    // The environment's own client has every grant type.
    const own = await answerOf(await postForm(`${gateway.url}/v3/auth/anonymous`, { client_id: appKey().clientId, client_secret: appKey().secret }));
    expect(own.status).toBe(200);
  });

  it('serves the environment’s authorizedOrigins beside the client’s, and refuses other origins', async () => {
    const preflight = await fetch(`${gateway.url}/v3/auth/anonymous`, { method: 'OPTIONS', headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const allowed = await json({ client_id: clientId }, { origin: APP_ORIGIN });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const refused = await json({ client_id: clientId }, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'UNAUTHORIZED_REQUEST_ORIGIN' });
    // Only for /v3/auth/*: the token endpoint keeps to the client's own origins.
    const tokenEndpoint = await token({ grant_type: ANONYMOUS, client_id: clientId }, { origin: APP_ORIGIN });
    expect(tokenEndpoint.body).toMatchObject({ code: 'UNAUTHORIZED_REQUEST_ORIGIN' });
  });

  it('answers bad input with a 4xx and a code, never a 500, creating nothing', async () => {
    const before = await accounts();
    const cases: Array<[Promise<Answer>, number, string]> = [
      [raw('client_id=x', 'text/plain'), 400, 'MALFORMED_REQUEST'],
      [raw('{"client_id":', 'application/json'), 400, 'MALFORMED_REQUEST'],
      [json([clientId]), 400, 'MALFORMED_REQUEST'],
      [json({ client_id: 42 }), 400, 'DUPLICATE_PARAMETER'],
      [json({ client_id: [clientId, clientId] }), 400, 'DUPLICATE_PARAMETER'],
      [json({ client_id: clientId, scope: { openid: true } }), 400, 'DUPLICATE_PARAMETER'],
      [json({ client_id: clientId, scope: 'openid\u0000' }), 400, 'INVALID_PARAMETER'],
      [json({ client_id: clientId, scope: 'admin:everything' }), 400, 'INVALID_SCOPE'],
      [json({ client_id: 'x'.repeat(5000) }), 400, 'INVALID_PARAMETER'],
      [json({}), 401, 'INVALID_CLIENT'],
      [json({ client_id: 'no-such-client' }), 401, 'INVALID_CLIENT'],
      [json({ client_id: clientId, pad: 'x'.repeat(70 * 1024) }), 413, 'REQUEST_TOO_LARGE'],
    ];
    for (const [pending, status, code] of cases) {
      const answer = await pending;
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    }
    expect(await accounts()).toBe(before);
  });
});
