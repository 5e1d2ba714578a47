import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { AccountEntity, IdentityEntity } from '@rapidauth/database';
import { IdentityMethods } from '@rapidauth/identity';
import { SignJWT, type JWTPayload } from 'jose';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { basicAuth, postForm } from '../../support/requests';
import { expectedLoginClaims, loginClaimsSeen } from '../../support/login-claims';
import { createNativeApp, createTenant } from '../../support/tenant';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SECRET = 'the backend shares this secret 4b9d2e7a1c';
const ISSUER = 'https://backend.example';
const MAX_AGE = 600;
const RSA = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

type Answer = { status: number; headers: Headers; body: Record<string, any> };

/**
 * Custom-token logins (docs/gateway.md#custom-token-login) over HTTP: POST /v3/auth/custom and the
 * RFC 7523 jwt-bearer grant at /oauth/token, a backend's JWT under the environment's key; each
 * refusal of the token (signature, algorithm, time, claims, audience, issuer, replay) the same
 * invalid_grant INVALID_TOKEN; the method off, clients, bad input.
 */
describe('custom-token login', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  const manager = () => gateway.running.runtime.database.dataSource.manager;

  const answerOf = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  };
  const custom = async (body: unknown, headers: Record<string, string> = {}) =>
    answerOf(await fetch(`${gateway.url}/v3/auth/custom`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
  const token = async (form: Record<string, string>, headers: Record<string, string> = {}) => answerOf(await postForm(`${gateway.url}/oauth/token`, form, headers));
  const accounts = () => manager().count(AccountEntity, { where: { environmentId: tenant.environment.id } });
  const setMethods = (patch: unknown) => gateway.get(IdentityMethods).update(tenant.environment.id, patch);

  /** A backend's token: HS256 under SECRET, `aud` the issuer, a fresh jti, unless told otherwise. */
  const sign = (claims: JWTPayload & { displayName?: unknown }, options: { key?: string; iatSecondsAgo?: number; expiresIn?: number; omit?: string[] } = {}) => {
    const now = Math.floor(Date.now() / 1000) - (options.iatSecondsAgo ?? 0);
    const payload: Record<string, unknown> = { sub: 'user-1', aud: gateway.url, iss: ISSUER, jti: randomUUID(), iat: now, exp: now + (options.expiresIn ?? 300), ...claims };
    for (const name of options.omit ?? []) delete payload[name];
    return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(options.key ?? SECRET));
  };
  const invalidToken = { status: 400, error: 'invalid_grant', code: 'INVALID_TOKEN' };
  const outcome = (answer: Answer) => ({ status: answer.status, error: answer.body.error, code: answer.body.code });

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'Backend-signed app', grantTypes: [JWT_BEARER, 'refresh_token'] })).clientId;
    await setMethods({ customToken: { enabled: true, secret: SECRET, issuer: ISSUER, maxAgeSeconds: MAX_AGE } });
  });

  afterAll(() => gateway?.stop());

  it('signs the token’s sub in, answering the auth object with its displayName; the same sub is the same account', async () => {
    const first = await custom({ client_id: clientId, token: await sign({ sub: 'alice-42', displayName: 'Alice' }), scope: 'openid' });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toMatchObject({ token_type: 'Bearer', scope: 'openid', access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String) });
    expect(first.body.auth).toEqual({ provider: 'custom', providerUid: 'alice-42', uid: expect.any(String), createdAt: expect.any(Number), expires: expect.any(Number), displayName: 'Alice' });
    const again = await custom({ client_id: clientId, token: await sign({ sub: 'alice-42' }) });
    expect(again.status).toBe(200);
    expect(again.body.auth.uid).toBe(first.body.auth.uid);
    expect(again.body.auth).not.toHaveProperty('displayName');
    const account = await manager().findOneByOrFail(AccountEntity, { id: first.body.auth.uid });
    expect(account.expiresAt).toBeNull();
    expect(await manager().countBy(IdentityEntity, { accountId: account.id, provider: 'custom', providerUid: 'alice-42' })).toBe(1);
    const other = await custom({ client_id: clientId, token: await sign({ sub: 'bob-7' }) });
    expect(other.body.auth.uid).not.toBe(first.body.auth.uid);
    // Login claims: provider custom, providerUid the token's sub, no amr (RFC 8176 has no value for it).
    const introspector = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    expect(await loginClaimsSeen(gateway.url, introspector, first.body as { access_token: string; id_token: string })).toEqual(
      expectedLoginClaims({ uid: first.body.auth.uid, provider: 'custom', providerUid: 'alice-42' }, true),
    );
  });

  it('is the jwt-bearer grant at /oauth/token (assertion, either audience), without the auth object; its login refreshes', async () => {
    const answer = await token({ grant_type: JWT_BEARER, client_id: clientId, assertion: await sign({ sub: 'carol', aud: `${gateway.url}/oauth/token` }) });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('auth');
    const refreshed = await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: answer.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).toEqual(expect.any(String));
  });

  it('accepts each jti once', async () => {
    const once = await sign({ sub: 'dave' });
    expect((await custom({ client_id: clientId, token: once })).status).toBe(200);
    expect(outcome(await custom({ client_id: clientId, token: once }))).toEqual(invalidToken);
    expect(outcome(await token({ grant_type: JWT_BEARER, client_id: clientId, assertion: once }))).toEqual(invalidToken);
  });

  it('refuses a wrong key, alg none, expired, too old, missing claims, wrong aud or iss as INVALID_TOKEN, creating nothing', async () => {
    const before = await accounts();
    const unsigned = (payload: Record<string, unknown>) =>
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      await sign({ sub: 'eve' }, { key: 'another backend secret 0123456789abcdef' }),
      unsigned({ sub: 'eve', aud: gateway.url, iss: ISSUER, jti: randomUUID(), iat: now, exp: now + 60 }),
      await sign({ sub: 'eve' }, { iatSecondsAgo: 900, expiresIn: 300 }),
      await sign({ sub: 'eve' }, { expiresIn: MAX_AGE + 60 }),
      await sign({ sub: 'eve' }, { omit: ['jti'] }),
      await sign({}, { omit: ['sub'] }),
      await sign({ sub: 'eve' }, { omit: ['exp'] }),
      await sign({ sub: 'eve', aud: 'https://someone-else.example' }),
      await sign({ sub: 'eve', iss: 'https://impostor.example' }),
      await sign({ sub: 'eve', displayName: 42 }),
      await sign({ sub: 'x'.repeat(300) }),
      'not.a.jwt',
      'x'.repeat(9000),
    ];
    for (const presented of refused) {
      expect(outcome(await custom({ client_id: clientId, token: presented }))).toEqual(invalidToken);
    }
    expect(outcome(await token({ grant_type: JWT_BEARER, client_id: clientId, assertion: refused[0] }))).toEqual(invalidToken);
    expect(await accounts()).toBe(before);
  });

  it('under RS256 takes tokens signed with the private key, never an HMAC keyed with the public key', async () => {
    await setMethods({ customToken: { algorithm: 'RS256', publicKey: RSA.publicKey } });
    try {
      const now = Math.floor(Date.now() / 1000);
      const payload = { sub: 'frank', aud: gateway.url, iss: ISSUER, iat: now, exp: now + 60 };
      const rs256 = await new SignJWT({ ...payload, jti: randomUUID() }).setProtectedHeader({ alg: 'RS256' }).sign(createPrivateKey(RSA.privateKey));
      expect((await custom({ client_id: clientId, token: rs256 })).status).toBe(200);
      const confused = await new SignJWT({ ...payload, jti: randomUUID() }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(RSA.publicKey));
      expect(outcome(await custom({ client_id: clientId, token: confused }))).toEqual(invalidToken);
    } finally {
      await setMethods({ customToken: { algorithm: 'HS256', publicKey: null, secret: SECRET } });
    }
  });

  it('is refused with PROVIDER_DISABLED while the method is off, before the token is spent', async () => {
    const presented = await sign({ sub: 'grace' });
    await setMethods({ customToken: { enabled: false } });
    try {
      const refused = await custom({ client_id: clientId, token: presented });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'access_denied', code: 'PROVIDER_DISABLED' });
    } finally {
      await setMethods({ customToken: { enabled: true } });
    }
    expect((await custom({ client_id: clientId, token: presented })).status).toBe(200);
  });

  it('takes a confidential client with HTTP Basic, and refuses a client without the grant type', async () => {
    const { client, clientSecret } = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Backend',
      type: 'confidential',
      grantTypes: [JWT_BEARER],
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    const basic = await custom({ token: await sign({ sub: 'heidi' }) }, basicAuth(client.clientId, clientSecret!));
    expect(basic.status).toBe(200);
    expect(basic.body.auth.providerUid).toBe('heidi');
    expect((await custom({ client_id: client.clientId, token: await sign({ sub: 'heidi' }) })).status).toBe(401);
    const codeOnly = await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'Code app', redirectUris: ['com.acme.code:/cb'] });
    const refused = await custom({ client_id: codeOnly.clientId, token: await sign({ sub: 'heidi' }) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'unauthorized_client' });
  });

  it('answers bad input with a 4xx and a code, never a 500, creating nothing', async () => {
    const before = await accounts();
    const cases: Array<[unknown, number, string]> = [
      [{ client_id: clientId }, 400, 'MISSING_PARAMETER'],
      [{ client_id: clientId, token: '' }, 400, 'MISSING_PARAMETER'],
      [{ client_id: clientId, token: 42 }, 400, 'DUPLICATE_PARAMETER'],
      [{ client_id: clientId, token: ['a', 'b'] }, 400, 'DUPLICATE_PARAMETER'],
      [{ client_id: clientId, token: 'a.b.c\u0000' }, 400, 'INVALID_PARAMETER'],
      [{ client_id: clientId, token: 'x'.repeat(40_000) }, 400, 'INVALID_PARAMETER'],
      [{ token: 'a.b.c' }, 401, 'INVALID_CLIENT'],
      ['just a string', 400, 'MALFORMED_REQUEST'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await custom(body);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    }
    const missing = await custom({ client_id: clientId });
    expect(missing.body.fields).toEqual([{ field: 'token', message: 'missing parameter: token' }]);
    expect(outcome(await token({ grant_type: JWT_BEARER, client_id: clientId }))).toEqual({ status: 400, error: 'invalid_request', code: 'MISSING_PARAMETER' });
    expect(await accounts()).toBe(before);
  });
});
