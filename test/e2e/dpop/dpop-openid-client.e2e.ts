import { createHash, randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { LocalIdentities } from '@rapidauth/identity';
import { calculateJwkThumbprint, decodeJwt, exportJWK, SignJWT } from 'jose';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { signInThroughLoginPage } from '../../support/login-flow';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1/callback';
const ALICE = { username: 'alice', password: 'correct horse battery' };

/** A DPoP key pair as openid-client makes one, with its RFC 7638 thumbprint (the `dpop_jkt` of RFC 9449 §10). */
async function dpopKey(): Promise<{ keyPair: Awaited<ReturnType<typeof oidc.randomDPoPKeyPair>>; jkt: string }> {
  const keyPair = await oidc.randomDPoPKeyPair('ES256');
  return { keyPair, jkt: await calculateJwkThumbprint(await exportJWK(keyPair.publicKey), 'sha256') };
}

/**
 * RFC 9449 with openid-client 6 as the app: its DPoP handle through code + PKCE at the hosted login
 * page with `dpop_jkt` on the authorization request (§10), then refresh and userinfo by the same key;
 * and a client requiring server nonces, whose `use_dpop_nonce` answers openid-client retries by itself.
 */
describe('DPoP with openid-client (code + PKCE, dpop_jkt, nonces)', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let config: oidc.Configuration;
  let accountId: string;

  const signIn = (target: oidc.Configuration, extra: Record<string, string>) => signInThroughLoginPage(gateway.url, target, REDIRECT, ALICE, { extra });
  const exchange = (target: oidc.Configuration, signedIn: Awaited<ReturnType<typeof signIn>>, DPoP?: oidc.DPoPHandle) =>
    oidc.authorizationCodeGrant(
      target,
      new URL(signedIn.callback.location),
      { pkceCodeVerifier: signedIn.started.codeVerifier, expectedState: signedIn.started.state, expectedNonce: signedIn.started.nonce, idTokenExpected: true },
      undefined,
      DPoP && { DPoP },
    );
  const refused = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as oidc.ResponseBodyError,
    );

  beforeAll(async () => {
    gateway = await startScratchGateway({ env: { LOGIN_RATE_LIMIT: '0' } });
    tenant = await createTenant(gateway.provisioner);
    config = await publicClientConfig(gateway.url, (await createNativeApp(gateway.provisioner, tenant.environment.id, ACME_MOBILE)).clientId);
    accountId = (await gateway.get(LocalIdentities).create(tenant.environment.id, { ...ALICE, email: 'alice@example.com' })).accountId;
  });

  afterAll(() => gateway?.stop());

  it('binds the code to dpop_jkt, and the handle gets bound tokens, refreshes and reads userinfo with them', async () => {
    const { keyPair, jkt } = await dpopKey();
    const dpop = oidc.getDPoPHandle(config, keyPair);
    const tokens = await exchange(config, await signIn(config, { dpop_jkt: jkt }), dpop);
    expect(tokens.token_type).toBe('dpop');
    expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt });
    expect(tokens.claims()).toMatchObject({ sub: accountId });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, undefined, { DPoP: dpop });
    expect(refreshed.token_type).toBe('dpop');
    expect(decodeJwt(refreshed.access_token).cnf).toEqual({ jkt });
    expect(await oidc.fetchUserInfo(config, refreshed.access_token, accountId, { DPoP: dpop })).toMatchObject({ sub: accountId, email: 'alice@example.com' });
    // Without its proof the bound token is refused at the resource (RFC 9449 §7.1).
    expect(await refused(oidc.fetchUserInfo(config, refreshed.access_token, accountId))).toBeDefined();
  });

  it('refuses a dpop_jkt code exchanged without a proof or by another key (invalid_grant), and the code stays usable by its key', async () => {
    const { keyPair, jkt } = await dpopKey();
    const signedIn = await signIn(config, { dpop_jkt: jkt });
    for (const attempt of [undefined, oidc.getDPoPHandle(config, (await dpopKey()).keyPair)]) {
      const error = await refused(exchange(config, signedIn, attempt));
      expect(error).toBeInstanceOf(oidc.ResponseBodyError);
      expect(error).toMatchObject({ status: 400, error: 'invalid_grant', cause: { code: 'INVALID_DPOP_PROOF' } });
    }
    const tokens = await exchange(config, signedIn, oidc.getDPoPHandle(config, keyPair));
    expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt });
  });

  it('binds the code of a reused browser session (no login page) to dpop_jkt too', async () => {
    const { agent } = await signIn(config, {});
    const { keyPair, jkt } = await dpopKey();
    const started = await startAuthorization(config, REDIRECT, undefined, { dpop_jkt: jkt });
    const silent = await agent.get(started.url);
    expect(silent.status).toBe(303);
    const reused = { started, callback: silent } as Awaited<ReturnType<typeof signIn>>;
    expect(await refused(exchange(config, reused, oidc.getDPoPHandle(config, (await dpopKey()).keyPair)))).toMatchObject({ error: 'invalid_grant', cause: { code: 'INVALID_DPOP_PROOF' } });
    expect(decodeJwt((await exchange(config, reused, oidc.getDPoPHandle(config, keyPair))).access_token).cnf).toEqual({ jkt });
  });

  it('without dpop_jkt, a code may still be exchanged with or without a proof', async () => {
    expect((await exchange(config, await signIn(config, {}))).token_type).toBe('bearer');
    const { keyPair, jkt } = await dpopKey();
    const bound = await exchange(config, await signIn(config, {}), oidc.getDPoPHandle(config, keyPair));
    expect(decodeJwt(bound.access_token).cnf).toEqual({ jkt });
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(44)],
    ['padded', `${'a'.repeat(42)}=`],
    ['not base64url', `${'a'.repeat(42)}+`],
  ])('sends a dpop_jkt that is %s back to the app as invalid_request, before any login', async (_, value) => {
    const { started, loginPage } = await signIn(config, { dpop_jkt: value });
    expect(loginPage.status).toBe(303);
    const location = new URL(loginPage.location);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/dpop_jkt/);
    expect(location.searchParams.get('state')).toBe(started.state);
  });

  describe('a client requiring server nonces (dpopNonceRequired)', () => {
    let nonceConfig: oidc.Configuration;

    beforeAll(async () => {
      const client = await createNativeApp(gateway.provisioner, tenant.environment.id, {
        ...ACME_MOBILE,
        name: 'Nonce app',
        dpopBoundAccessTokens: true,
        dpopNonceRequired: true,
      });
      nonceConfig = await publicClientConfig(gateway.url, client.clientId);
    });

    it('openid-client retries on use_dpop_nonce at the token endpoint and at userinfo, end to end', async () => {
      const { keyPair, jkt } = await dpopKey();
      const tokens = await exchange(nonceConfig, await signIn(nonceConfig, { dpop_jkt: jkt }), oidc.getDPoPHandle(nonceConfig, keyPair));
      expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt });
      // A fresh handle knows no nonce: the refresh and userinfo each meet use_dpop_nonce first, and retry.
      const refreshed = await oidc.refreshTokenGrant(nonceConfig, tokens.refresh_token!, undefined, { DPoP: oidc.getDPoPHandle(nonceConfig, keyPair) });
      expect(decodeJwt(refreshed.access_token).cnf).toEqual({ jkt });
      const userinfo = await oidc.fetchUserInfo(nonceConfig, refreshed.access_token, accountId, { DPoP: oidc.getDPoPHandle(nonceConfig, keyPair) });
      expect(userinfo).toMatchObject({ sub: accountId });
    });

    it('at userinfo, a proof without the nonce gets 401 use_dpop_nonce with DPoP-Nonce, and a proof with it is accepted', async () => {
      const { keyPair } = await dpopKey();
      const tokens = await exchange(nonceConfig, await signIn(nonceConfig, {}), oidc.getDPoPHandle(nonceConfig, keyPair));
      const userinfoUrl = nonceConfig.serverMetadata().userinfo_endpoint!;
      const jwk = await exportJWK(keyPair.publicKey);
      const ath = createHash('sha256').update(tokens.access_token).digest('base64url');
      const proof = (claims: Record<string, unknown>) =>
        new SignJWT({ htm: 'GET', htu: userinfoUrl, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ath, ...claims })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
          .sign(keyPair.privateKey);
      const userinfo = async (dpop: string) => fetch(userinfoUrl, { headers: { authorization: `DPoP ${tokens.access_token}`, DPoP: dpop } });

      for (const claims of [{}, { nonce: 'not-a-nonce-we-gave' }]) {
        const asked = await userinfo(await proof(claims));
        expect(asked.status).toBe(401);
        expect(asked.headers.get('www-authenticate')).toBe('DPoP realm="rapidauth", error="use_dpop_nonce", algs="ES256 RS256 PS256 EdDSA"');
        expect(asked.headers.get('dpop-nonce')).toEqual(expect.any(String));
        expect(await asked.json()).toMatchObject({ error: 'use_dpop_nonce', code: 'USE_DPOP_NONCE' });
      }
      const nonce = (await userinfo(await proof({}))).headers.get('dpop-nonce')!;
      const accepted = await userinfo(await proof({ nonce }));
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toMatchObject({ sub: accountId });
    });
  });
});
