import { createHash, randomUUID } from 'node:crypto';
import { LocalIdentities } from '@rapidauth/identity';
import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { basicAuth } from '../../support/requests';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { createNativeApp, createTenant, PASSWORD_APP } from '../../support/tenant';

interface Key {
  privateKey: CryptoKey;
  jwk: JWK;
  jkt: string;
}

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

type Body = Record<string, unknown> & { access_token?: string; refresh_token?: string; token_type?: string; code?: string; error?: string };

/** RFC 9449 end to end: binding at the token endpoint, bound refresh families, resources, introspection. */
describe('DPoP-bound tokens', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  let tokenUrl: string;
  let userinfoUrl: string;
  let key: Key;

  const proof = (signer: Key, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    new SignJWT({ htm: 'POST', htu: tokenUrl, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: signer.jwk, ...header })
      .sign(signer.privateKey);

  const token = async (form: Record<string, string>, dpop?: string | string[]) => {
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
    for (const value of [dpop ?? []].flat()) headers.append('DPoP', value);
    const response = await fetch(`${gateway.url}/oauth/token`, { method: 'POST', headers, body: new URLSearchParams({ client_id: clientId, ...form }) });
    return { response, body: (await response.json()) as Body };
  };
  const password = (dpop?: string | string[], client = clientId) => token({ grant_type: 'password', username: 'dana', password: 'dana password ok', scope: 'openid offline_access', client_id: client }, dpop);

  const userinfo = (accessToken: string, scheme: string, dpop?: string) =>
    fetch(userinfoUrl, { headers: { authorization: `${scheme} ${accessToken}`, ...(dpop && { DPoP: dpop }) } });
  const resourceProof = (signer: Key, accessToken: string, claims: Record<string, unknown> = {}) =>
    proof(signer, { htm: 'GET', htu: userinfoUrl, ath: createHash('sha256').update(accessToken).digest('base64url'), ...claims });

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, PASSWORD_APP)).clientId;
    await gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'dana', password: 'dana password ok' });
    const discovery = (await (await fetch(`${gateway.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.dpop_signing_alg_values_supported).toEqual(['ES256', 'RS256', 'PS256', 'EdDSA']);
    tokenUrl = discovery.token_endpoint as string;
    userinfoUrl = discovery.userinfo_endpoint as string;
    key = await newKey();
  });

  afterAll(() => gateway?.stop());

  it('binds the access token (cnf.jkt, token_type DPoP) and introspection tells the resource', async () => {
    const { response, body } = await password(await proof(key));
    expect(response.status).toBe(200);
    expect(body.token_type).toBe('DPoP');
    expect(decodeJwt(body.access_token!).cnf).toEqual({ jkt: key.jkt });
    const introspection = await fetch(`${gateway.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basicAuth(tenant.environment.appKey, tenant.appSecret) },
      body: new URLSearchParams({ token: body.access_token! }),
    });
    expect(await introspection.json()).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } });
    const plain = await password();
    expect(plain.body.token_type).toBe('Bearer');
    expect(decodeJwt(plain.body.access_token!).cnf).toBeUndefined();
  });

  it('refuses every bad proof with 400 invalid_dpop_proof, never a 500', async () => {
    const other = await newKey();
    const bad = [
      await proof(key, {}, { typ: 'JWT' }),
      await proof(key, { htm: 'GET' }),
      await proof(key, { htu: `${tokenUrl}?x=1` }),
      await proof(key, { iat: Math.floor(Date.now() / 1000) - 600 }),
      await proof(key, { jti: undefined }),
      await proof({ ...other, jwk: key.jwk }),
      'garbage',
      'a'.repeat(10 * 1024),
      [await proof(key), await proof(key)],
    ];
    for (const dpop of bad) {
      const { response, body } = await password(dpop);
      expect(response.status).toBe(400);
      expect(body).toMatchObject({ error: 'invalid_dpop_proof', code: 'INVALID_DPOP_PROOF' });
    }
  });

  it('refuses a replayed proof', async () => {
    const once = await proof(key);
    expect((await password(once)).response.status).toBe(200);
    expect((await password(once)).body).toMatchObject({ error: 'invalid_dpop_proof', code: 'INVALID_DPOP_PROOF' });
  });

  it('keeps the refresh family bound: no proof or another key spends nothing, the key rotates it', async () => {
    const { body } = await password(await proof(key));
    const refresh = (dpop?: string) => token({ grant_type: 'refresh_token', refresh_token: body.refresh_token! }, dpop);
    expect((await refresh()).body).toMatchObject({ error: 'invalid_dpop_proof', code: 'INVALID_DPOP_PROOF' });
    expect((await refresh(await proof(await newKey()))).body).toMatchObject({ error: 'invalid_dpop_proof', code: 'INVALID_DPOP_PROOF' });
    const rotated = await refresh(await proof(key));
    expect(rotated.response.status).toBe(200);
    expect(rotated.body.token_type).toBe('DPoP');
    expect(decodeJwt(rotated.body.access_token!).cnf).toEqual({ jkt: key.jkt });
  });

  it('at userinfo, a bound token needs the DPoP scheme and a proof by its key over this token', async () => {
    const { body } = await password(await proof(key));
    const accessToken = body.access_token!;
    const asBearer = await userinfo(accessToken, 'Bearer');
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toBe('DPoP realm="rapidauth", error="invalid_token", algs="ES256 RS256 PS256 EdDSA"');
    expect(await asBearer.json()).toMatchObject({ error: 'invalid_token', code: 'INVALID_DPOP_PROOF' });
    expect((await userinfo(accessToken, 'DPoP')).status).toBe(401);
    expect((await userinfo(accessToken, 'DPoP', await resourceProof(await newKey(), accessToken))).status).toBe(401);
    expect((await userinfo(accessToken, 'DPoP', await resourceProof(key, accessToken, { ath: 'x' }))).status).toBe(401);
    const good = await resourceProof(key, accessToken);
    const answered = await userinfo(accessToken, 'DPoP', good);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ sub: expect.any(String) });
    const replayed = await userinfo(accessToken, 'DPoP', good);
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ code: 'INVALID_DPOP_PROOF' });
  });

  it('at POST /oauth/logout, a bound token is refused as Bearer and revoked with its proof', async () => {
    const { body } = await password(await proof(key));
    const accessToken = body.access_token!;
    const logoutUrl = tokenUrl.replace(/\/oauth\/token$/, '/oauth/logout');
    const logout = (headers: Record<string, string>) => fetch(logoutUrl, { method: 'POST', headers });
    const asBearer = await logout({ authorization: `Bearer ${accessToken}` });
    expect(asBearer.status).toBe(401);
    expect(await asBearer.json()).toMatchObject({ error: 'invalid_token', code: 'INVALID_DPOP_PROOF' });
    const ath = createHash('sha256').update(accessToken).digest('base64url');
    expect((await logout({ authorization: `DPoP ${accessToken}`, DPoP: await proof(key, { htu: logoutUrl, ath }) })).status).toBe(204);
    expect((await userinfo(accessToken, 'DPoP', await resourceProof(key, accessToken))).status).toBe(401);
  });

  it('at GET /v3/auth/account, a bound token is refused as Bearer, by another key or with a replayed proof, and accepted with its proof', async () => {
    const { body } = await password(await proof(key));
    const accessToken = body.access_token!;
    const accountUrl = tokenUrl.replace(/\/oauth\/token$/, '/v3/auth/account');
    const account = (authorization: string, dpop?: string) => fetch(accountUrl, { headers: { authorization, ...(dpop && { DPoP: dpop }) } });
    const accountProof = (signer: Key) => proof(signer, { htm: 'GET', htu: accountUrl, ath: createHash('sha256').update(accessToken).digest('base64url') });
    const refusedWith = async (answer: Response) => {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^DPoP realm="rapidauth", error="invalid_token"/);
      expect(await answer.json()).toMatchObject({ error: 'invalid_token', code: 'INVALID_DPOP_PROOF' });
    };
    await refusedWith(await account(`Bearer ${accessToken}`));
    await refusedWith(await account(`DPoP ${accessToken}`));
    await refusedWith(await account(`DPoP ${accessToken}`, await accountProof(await newKey())));
    const good = await accountProof(key);
    const answered = await account(`DPoP ${accessToken}`, good);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ uid: decodeJwt(accessToken).sub });
    await refusedWith(await account(`DPoP ${accessToken}`, good));
  });

  it('a client with dpopBoundAccessTokens needs a proof; with dpopNonceRequired, use_dpop_nonce then success', async () => {
    const bound = await createNativeApp(gateway.provisioner, tenant.environment.id, { ...PASSWORD_APP, name: 'Bound app', dpopBoundAccessTokens: true, dpopNonceRequired: true });
    expect((await password(undefined, bound.clientId)).body).toMatchObject({ error: 'invalid_dpop_proof', code: 'INVALID_DPOP_PROOF' });
    const first = await password(await proof(key), bound.clientId);
    expect(first.response.status).toBe(400);
    expect(first.body).toMatchObject({ error: 'use_dpop_nonce', code: 'USE_DPOP_NONCE' });
    const nonce = first.response.headers.get('dpop-nonce');
    expect(nonce).toEqual(expect.any(String));
    const second = await password(await proof(key, { nonce }), bound.clientId);
    expect(second.response.status).toBe(200);
    expect(second.body.token_type).toBe('DPoP');
    expect(second.response.headers.get('dpop-nonce')).toEqual(expect.any(String));
  });
});
