import { randomUUID } from 'node:crypto';
import { AppSignatureEntity, RefreshTokenFamilyEntity } from '@rapidauth/database';
import { AppSignatures } from '@rapidauth/devices';
import { LocalIdentities } from '@rapidauth/identity';
import { BIOMETRIC_REFRESH_GRANT_TYPE, PIN_REFRESH_GRANT_TYPE } from '@rapidauth/oauth';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { createDeviceClient } from '../../support/device-client';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { basicAuth } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1/callback';
const PIN = '480913';
const NEW_PIN = '731952';

interface Key {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}
async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicKey, jwk: await exportJWK(publicKey) };
}

type Body = Record<string, unknown> & { access_token?: string; refresh_token?: string; profile_id?: string; error?: string; code?: string; attempts_left?: number };

/**
 * Device user profiles end to end (docs/gateway.md#device-profiles): openid-client as the device
 * client signs users in through the hosted page; each login is a profile, protected by a PIN or a
 * biometric key; logout ends an access token, deregistering ends the profile, other profiles stay.
 */
describe('device user profiles', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let tokenUrl: string;

  /** A device client (max attempts 3 unless told) and openid-client configured as it. */
  const device = async (signature: Parameters<typeof createDeviceClient>[2] = {}) => {
    const client = await createDeviceClient(gateway, tenant.environment.id, signature);
    const config = await oidc.discovery(new URL(gateway.url), client.clientId, undefined, oidc.ClientSecretBasic(client.clientSecret), { execute: [oidc.allowInsecureRequests] });
    return { ...client, config, basic: basicAuth(client.clientId, client.clientSecret) };
  };
  type Device = Awaited<ReturnType<typeof device>>;

  /** A new profile: a user signs in through the hosted page and the code is exchanged. */
  const signIn = async (on: Device, options: { DPoP?: oidc.DPoPHandle } = {}) => {
    const { started, callback } = await signInThroughLoginPage(gateway.url, on.config, REDIRECT, { username: 'dana', password: 'dana password ok' });
    if (!options.DPoP) return (await exchange(on.config, callback.location, started)) as unknown as Body;
    return (await oidc.authorizationCodeGrant(on.config, new URL(callback.location), { pkceCodeVerifier: started.codeVerifier, expectedState: started.state, expectedNonce: started.nonce, idTokenExpected: true }, undefined, { DPoP: options.DPoP })) as unknown as Body;
  };

  const token = async (on: Device, form: Record<string, string>, dpop?: string) => {
    const response = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...on.basic, ...(dpop && { DPoP: dpop }) }, body: new URLSearchParams(form) });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const pinRefresh = (on: Device, refreshToken: string, pin: string, dpop?: string) => token(on, { grant_type: PIN_REFRESH_GRANT_TYPE, refresh_token: refreshToken, pin }, dpop);
  const plainRefresh = (on: Device, refreshToken: string) => token(on, { grant_type: 'refresh_token', refresh_token: refreshToken });

  const profiles = async (on: Device, method: string, path = '', body?: unknown, dpop?: string, raw?: string) => {
    const response = await fetch(`${gateway.url}/v3/devices/profiles${path}`, {
      method,
      headers: { ...on.basic, ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}), ...(dpop && { DPoP: dpop }) },
      ...(raw !== undefined ? { body: raw } : body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body & { profiles?: Record<string, unknown>[] } };
  };
  const setPin = (on: Device, profileId: string, body: Record<string, unknown>, dpop?: string) => profiles(on, 'PUT', `/${profileId}/pin`, body, dpop);

  const active = async (accessToken: string) => {
    const response = await fetch(`${gateway.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basicAuth(tenant.environment.appKey, tenant.appSecret) },
      body: new URLSearchParams({ token: accessToken }),
    });
    return ((await response.json()) as { active: boolean }).active;
  };

  /** A profile with PIN set: its tokens after the PIN, and the profile id. */
  const withPin = async (on: Device) => {
    const signedIn = await signIn(on);
    expect((await setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: PIN })).status).toBe(204);
    return signedIn;
  };

  const assertion = (key: Key, claims: Record<string, unknown> = {}) =>
    new SignJWT({ aud: tokenUrl, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...claims }).setProtectedHeader({ alg: 'ES256' }).sign(key.privateKey);
  const biometricRefresh = (on: Device, refreshToken: string, signed: string) => token(on, { grant_type: BIOMETRIC_REFRESH_GRANT_TYPE, refresh_token: refreshToken, assertion: signed });

  beforeAll(async () => {
    // Every test registers its own devices and signs dana in again, more than the per-address
    // registration and sign-in limits allow (their own suites test them).
    gateway = await startScratchGateway({ env: { DEVICE_REGISTRATION_RATE_LIMIT: '1000', LOGIN_RATE_LIMIT: '1000' } });
    tenant = await createTenant(gateway.provisioner);
    await gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'dana', password: 'dana password ok' });
    const discovery = (await (await fetch(`${gateway.url}/.well-known/openid-configuration`)).json()) as { token_endpoint: string; grant_types_supported: string[] };
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining([PIN_REFRESH_GRANT_TYPE, BIOMETRIC_REFRESH_GRANT_TYPE]));
    tokenUrl = discovery.token_endpoint;
  });

  afterAll(() => gateway?.stop());

  it('answers profile_id (the sid) on the code grant and on every refresh, and lists the live profiles of this device only', async () => {
    const on = await device();
    const first = await signIn(on);
    const second = await signIn(on);
    expect(first.profile_id).toBe(decodeJwt(first.access_token!).sid);
    expect(second.profile_id).not.toBe(first.profile_id);
    const refreshed = await plainRefresh(on, first.refresh_token!);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.profile_id).toBe(first.profile_id);
    const listed = await profiles(on, 'GET');
    expect(listed.status).toBe(200);
    expect(listed.body.profiles).toEqual([
      { profile_id: first.profile_id, uid: decodeJwt(first.access_token!).sub, created_at: expect.any(String), pin_set: false, biometric_set: false, last_used_at: expect.any(String) },
      expect.objectContaining({ profile_id: second.profile_id, pin_set: false }),
    ]);
    const other = await device();
    expect((await profiles(other, 'GET')).body.profiles).toEqual([]);
    expect((await profiles(other, 'DELETE', `/${first.profile_id}`)).body).toMatchObject({ code: 'UNKNOWN_PROFILE' });
    expect((await profiles({ ...on, basic: basicAuth(on.clientId, 'wrong secret') }, 'GET')).status).toBe(401);
  });

  it("grants a device no scope its app signature does not approve, and follows the signature's changes", async () => {
    const on = await device({ scopes: ['openid', 'offline_access'] });
    const asked = (scope: string) => signInThroughLoginPage(gateway.url, on.config, REDIRECT, { username: 'dana', password: 'dana password ok' }, { scope });
    const refused = await asked('openid profile offline_access');
    expect(refused.loginPage.status).toBe(303);
    expect(new URL(refused.loginPage.location).searchParams.get('error')).toBe('invalid_scope');
    const allowed = await asked('openid offline_access');
    const tokens = (await exchange(on.config, allowed.callback.location, allowed.started)) as unknown as Body;
    expect(decodeJwt(tokens.access_token!).scope).toBe('openid offline_access');
    const signature = await gateway.running.runtime.database.dataSource.manager.findOneByOrFail(AppSignatureEntity, { id: on.appSignatureId });
    await gateway.get(AppSignatures).update(signature, { scopes: ['openid', 'profile', 'offline_access'] });
    expect((await asked('openid profile offline_access')).callback.status).toBe(303);
  });

  it('sets a PIN (weak ones refused), then refreshes only with it: PIN_REQUIRED, wrong ×(max−1) then right resets', async () => {
    const on = await device();
    const signedIn = await signIn(on);
    expect((await pinRefresh(on, signedIn.refresh_token!, PIN)).body).toMatchObject({ error: 'invalid_grant', code: 'PIN_NOT_SET' });
    for (const weak of ['11111', '12345', '98765', '0123456789']) {
      expect((await setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: weak })).body).toMatchObject({ error: 'invalid_request', code: 'TOO_WEAK_PIN' });
    }
    expect((await setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: PIN })).status).toBe(204);
    expect((await profiles(on, 'GET')).body.profiles![0]).toMatchObject({ pin_set: true });
    expect((await plainRefresh(on, signedIn.refresh_token!)).body).toMatchObject({ error: 'invalid_grant', code: 'PIN_REQUIRED' });
    expect((await pinRefresh(on, signedIn.refresh_token!, '000999')).body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_PIN', attempts_left: 2 });
    expect((await pinRefresh(on, signedIn.refresh_token!, '000999')).body).toMatchObject({ code: 'INVALID_PIN', attempts_left: 1 });
    const right = await pinRefresh(on, signedIn.refresh_token!, PIN);
    expect(right.status).toBe(200);
    expect(right.body.profile_id).toBe(signedIn.profile_id);
    // The count starts again: two more wrong PINs still leave one.
    expect((await pinRefresh(on, right.body.refresh_token!, '000999')).body).toMatchObject({ attempts_left: 2 });
    expect((await pinRefresh(on, right.body.refresh_token!, PIN)).status).toBe(200);
  });

  it("keeps a PIN set before the signature's pinMinLength was raised working; new PINs take the new minimum", async () => {
    const on = await device();
    const signedIn = await signIn(on);
    const shortPin = '48091';
    expect((await setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: shortPin })).status).toBe(204);
    const signature = await gateway.running.runtime.database.dataSource.manager.findOneByOrFail(AppSignatureEntity, { id: on.appSignatureId });
    await gateway.get(AppSignatures).update(signature, { pinMinLength: 6 });

    expect((await pinRefresh(on, signedIn.refresh_token!, '48090')).body).toMatchObject({ code: 'INVALID_PIN', attempts_left: 2 });
    const refreshed = await pinRefresh(on, signedIn.refresh_token!, shortPin);
    expect(refreshed.status).toBe(200);
    const change = (pin: string) => setPin(on, signedIn.profile_id!, { refresh_token: refreshed.body.refresh_token, pin, current_pin: shortPin });
    expect((await change('73195')).body).toMatchObject({ error: 'invalid_request', code: 'INVALID_PARAMETER' });
    expect((await change(NEW_PIN)).status).toBe(204);
    expect((await pinRefresh(on, refreshed.body.refresh_token!, NEW_PIN)).status).toBe(200);
  });

  it("revokes a profile whose wrong attempts already reach a lowered pinMaxAttempts, at its next refresh, whatever the PIN", async () => {
    const on = await device();
    const signedIn = await withPin(on);
    await pinRefresh(on, signedIn.refresh_token!, '000999');
    expect((await pinRefresh(on, signedIn.refresh_token!, '000999')).body).toMatchObject({ code: 'INVALID_PIN', attempts_left: 1 });
    const signature = await gateway.running.runtime.database.dataSource.manager.findOneByOrFail(AppSignatureEntity, { id: on.appSignatureId });
    await gateway.get(AppSignatures).update(signature, { pinMaxAttempts: 2 });
    expect((await pinRefresh(on, signedIn.refresh_token!, PIN)).body).toMatchObject({ error: 'invalid_grant', code: 'PIN_ATTEMPTS_EXCEEDED', attempts_left: 0 });
    expect(await active(signedIn.access_token!)).toBe(false);
    expect((await profiles(on, 'GET')).body.profiles).toEqual([]);
  });

  it('revokes the profile at the last wrong PIN: its refresh and access tokens stop working', async () => {
    const on = await device();
    const signedIn = await withPin(on);
    const refreshed = await pinRefresh(on, signedIn.refresh_token!, PIN);
    expect(await active(refreshed.body.access_token!)).toBe(true);
    await pinRefresh(on, refreshed.body.refresh_token!, '000999');
    await pinRefresh(on, refreshed.body.refresh_token!, '000999');
    expect((await pinRefresh(on, refreshed.body.refresh_token!, '000999')).body).toMatchObject({ error: 'invalid_grant', code: 'PIN_ATTEMPTS_EXCEEDED', attempts_left: 0 });
    expect((await pinRefresh(on, refreshed.body.refresh_token!, PIN)).body).toMatchObject({ error: 'invalid_grant' });
    expect(await active(refreshed.body.access_token!)).toBe(false);
    expect(await active(signedIn.access_token!)).toBe(false);
    expect((await profiles(on, 'GET')).body.profiles).toEqual([]);
  });

  it('changes the PIN only with the current one, whose wrong guesses count', async () => {
    const on = await device();
    const signedIn = await withPin(on);
    const change = (body: Record<string, unknown>) => setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: NEW_PIN, ...body });
    expect((await change({})).body).toMatchObject({ error: 'invalid_request', code: 'MISSING_PARAMETER' });
    expect((await change({ current_pin: '000999' })).body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_PIN', attempts_left: 2 });
    expect((await change({ current_pin: PIN })).status).toBe(204);
    expect((await pinRefresh(on, signedIn.refresh_token!, PIN)).body).toMatchObject({ code: 'INVALID_PIN', attempts_left: 2 });
    const refreshed = await pinRefresh(on, signedIn.refresh_token!, NEW_PIN);
    expect(refreshed.status).toBe(200);
    // A spent refresh token no longer sets anything.
    expect((await setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: PIN, current_pin: NEW_PIN })).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes the profile when the last attempt is a wrong current_pin: PIN_ATTEMPTS_EXCEEDED, attempts_left 0', async () => {
    const on = await device();
    const signedIn = await withPin(on);
    const change = () => setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: NEW_PIN, current_pin: '000999' });
    expect((await change()).body).toMatchObject({ code: 'INVALID_PIN', attempts_left: 2 });
    expect((await change()).body).toMatchObject({ code: 'INVALID_PIN', attempts_left: 1 });
    expect((await change()).body).toMatchObject({ error: 'invalid_grant', code: 'PIN_ATTEMPTS_EXCEEDED', attempts_left: 0 });
    expect(await active(signedIn.access_token!)).toBe(false);
    expect((await pinRefresh(on, signedIn.refresh_token!, PIN)).body).toMatchObject({ error: 'invalid_grant' });
    expect((await profiles(on, 'GET')).body.profiles).toEqual([]);
  });

  it('refreshes with a biometric assertion by the registered key; another key, a replayed jti or a stale iat count as wrong attempts', async () => {
    const on = await device();
    const signedIn = await signIn(on);
    const key = await newKey();
    const register = (jwk: unknown) => profiles(on, 'PUT', `/${signedIn.profile_id}/biometric-key`, { refresh_token: signedIn.refresh_token, jwk });
    expect((await register(key.jwk)).body).toMatchObject({ code: 'PIN_NOT_SET' });
    expect((await setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: PIN })).status).toBe(204);
    expect((await register(await exportJWK(key.privateKey))).body).toMatchObject({ error: 'invalid_request', code: 'INVALID_PARAMETER' });
    expect((await register(key.jwk)).status).toBe(204);
    expect((await profiles(on, 'GET')).body.profiles![0]).toMatchObject({ pin_set: true, biometric_set: true });

    const once = await assertion(key);
    const good = await biometricRefresh(on, signedIn.refresh_token!, once);
    expect(good.status).toBe(200);
    expect(good.body.profile_id).toBe(signedIn.profile_id);
    const next = good.body.refresh_token!;
    // Not shaped as an assertion: bad input, refused before the token is looked at and never counted.
    for (const malformed of ['not a jws', 'a'.repeat(10 * 1024), `${'a'.repeat(4096)}.b.c`, `${once.slice(0, 20)}\u0000${once.slice(20)}`]) {
      const answer = await biometricRefresh(on, next, malformed);
      expect([answer.status, answer.body.error, answer.body.code]).toEqual([400, 'invalid_request', 'INVALID_PARAMETER']);
    }
    expect((await biometricRefresh(on, next, once)).body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_BIOMETRIC_ASSERTION', attempts_left: 2 });
    expect((await biometricRefresh(on, next, await assertion(await newKey()))).body).toMatchObject({ code: 'INVALID_BIOMETRIC_ASSERTION', attempts_left: 1 });
    const rotated = await biometricRefresh(on, next, await assertion(key));
    expect(rotated.status).toBe(200);
    expect((await biometricRefresh(on, rotated.body.refresh_token!, await assertion(key, { iat: Math.floor(Date.now() / 1000) - 120 }))).body).toMatchObject({ attempts_left: 2 });
    expect((await biometricRefresh(on, rotated.body.refresh_token!, await assertion(key, { aud: 'https://elsewhere.example/token' }))).body).toMatchObject({ attempts_left: 1 });
    expect((await biometricRefresh(on, rotated.body.refresh_token!, await assertion(key))).status).toBe(200);
  });

  it('logout ends an access token only; deregistering ends that profile and no other', async () => {
    const on = await device();
    const kept = await withPin(on);
    const ended = await withPin(on);
    const logout = await fetch(`${gateway.url}/oauth/logout`, { method: 'POST', headers: { authorization: `Bearer ${kept.access_token}` } });
    expect(logout.status).toBe(204);
    expect(await active(kept.access_token!)).toBe(false);
    const afterLogout = await pinRefresh(on, kept.refresh_token!, PIN);
    expect(afterLogout.status).toBe(200);
    expect(await active(afterLogout.body.access_token!)).toBe(true);

    expect(await active(ended.access_token!)).toBe(true);
    expect((await profiles(on, 'DELETE', `/${ended.profile_id}`)).status).toBe(204);
    expect(await active(ended.access_token!)).toBe(false);
    expect((await pinRefresh(on, ended.refresh_token!, PIN)).body).toMatchObject({ error: 'invalid_grant' });
    expect((await profiles(on, 'DELETE', `/${ended.profile_id}`)).body).toMatchObject({ code: 'UNKNOWN_PROFILE' });
    expect(await active(afterLogout.body.access_token!)).toBe(true);
    expect((await profiles(on, 'GET')).body.profiles!.map((profile) => profile.profile_id)).toEqual([kept.profile_id]);
  });

  it('deleting the device (RFC 7592) ends every profile of it: introspection says so, refreshes are refused', async () => {
    const on = await device();
    const [first, second] = [await withPin(on), await signIn(on)];
    expect([await active(first.access_token!), await active(second.access_token!)]).toEqual([true, true]);
    const deleted = await fetch(`${gateway.url}/v3/devices/clients/${on.clientId}`, { method: 'DELETE', headers: { authorization: `Bearer ${on.registrationAccessToken}` } });
    expect(deleted.status).toBe(204);
    expect([await active(first.access_token!), await active(second.access_token!)]).toEqual([false, false]);
    // Revoked, not only refused while the client is disabled.
    const families = await gateway.running.runtime.database.dataSource.manager.findBy(RefreshTokenFamilyEntity, { clientId: on.clientId });
    expect(families.map((family) => family.revokedAt !== null)).toEqual([true, true]);
    expect((await pinRefresh(on, first.refresh_token!, PIN)).status).toBe(401);
    expect((await plainRefresh(on, second.refresh_token!)).status).toBe(401);
    expect((await profiles(on, 'GET')).status).toBe(401);
  });

  it('serves a DPoP-bound device client: proofs at the code grant, the profile endpoints and the PIN refresh', async () => {
    const on = await device({ dpop: 'required' });
    const key = await newKey();
    const signedIn = await signIn(on, { DPoP: oidc.getDPoPHandle(on.config, { privateKey: key.privateKey, publicKey: key.publicKey }) });
    expect(String(signedIn.token_type).toLowerCase()).toBe('dpop');
    const proof = (htm: string, path: string, signer = key) =>
      new SignJWT({ htm, htu: `${gateway.url}${path}`, iat: Math.floor(Date.now() / 1000), jti: randomUUID() }).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: signer.jwk }).sign(signer.privateKey);
    expect((await profiles(on, 'GET')).body).toMatchObject({ error: 'invalid_dpop_proof' });
    expect((await profiles(on, 'GET', '', undefined, await proof('GET', '/v3/devices/profiles'))).body.profiles).toHaveLength(1);
    const path = `/v3/devices/profiles/${signedIn.profile_id}/pin`;
    expect((await setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: PIN }, await proof('PUT', path, await newKey()))).body).toMatchObject({ error: 'invalid_grant' });
    expect((await setPin(on, signedIn.profile_id!, { refresh_token: signedIn.refresh_token, pin: PIN }, await proof('PUT', path))).status).toBe(204);
    expect((await pinRefresh(on, signedIn.refresh_token!, PIN)).body).toMatchObject({ error: 'invalid_dpop_proof' });
    const refreshed = await pinRefresh(on, signedIn.refresh_token!, PIN, await proof('POST', '/oauth/token'));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ token_type: 'DPoP', profile_id: signedIn.profile_id });
  });

  it('refuses bad input with a 4xx and a code, changing nothing', async () => {
    const on = await device();
    const signedIn = await withPin(on);
    const id = signedIn.profile_id!;
    const rt = signedIn.refresh_token;
    const cases: [string, string, unknown, string?][] = [
      ['PUT', `/${id}/pin`, { pin: NEW_PIN }],
      ['PUT', `/${id}/pin`, { refresh_token: rt, pin: NEW_PIN, current_pin: PIN, extra: 'x' }],
      ['PUT', `/${id}/pin`, { refresh_token: rt, pin: '1234' }],
      ['PUT', `/${id}/pin`, { refresh_token: rt, pin: '1234567890123' }],
      ['PUT', `/${id}/pin`, { refresh_token: rt, pin: '48a913' }],
      ['PUT', `/${id}/pin`, { refresh_token: rt, pin: 480913 }],
      ['PUT', `/${id}/pin`, { refresh_token: rt, pin: '4809\u000013' }],
      ['PUT', `/${id}/pin`, { refresh_token: 'x'.repeat(10 * 1024), pin: NEW_PIN }],
      ['PUT', `/${id}/pin`, undefined, '{not json'],
      ['PUT', `/${id}/pin`, undefined, JSON.stringify({ refresh_token: rt, pin: 'x'.repeat(10 * 1024) })],
      ['PUT', `/${id}/biometric-key`, { refresh_token: rt, jwk: { kty: 'RSA', n: 'x', e: 'AQAB' } }],
      ['PUT', `/${id}/biometric-key`, { refresh_token: rt, jwk: 'a string' }],
      ['PUT', `/${randomUUID()}/pin`, { refresh_token: rt, pin: NEW_PIN, current_pin: PIN }],
      ['PUT', `/not-a-uuid/pin`, { refresh_token: rt, pin: NEW_PIN, current_pin: PIN }],
      ['DELETE', `/not-a-uuid`, undefined],
    ];
    for (const [method, path, body, raw] of cases) {
      const answer = await profiles(on, method, path, body, undefined, raw);
      expect([400, 404, 413]).toContain(answer.status);
      expect(answer.body?.code).toEqual(expect.any(String));
    }
    for (const pin of ['', '48a913', '1'.repeat(13), 'x'.repeat(10 * 1024), '4809\u000013']) {
      const answer = await pinRefresh(on, rt!, pin);
      expect([400, 413]).toContain(answer.status);
      expect(answer.body.code).toEqual(expect.any(String));
    }
    // Nothing counted, nothing changed: the PIN still works at the first try with all attempts left.
    expect((await pinRefresh(on, rt!, '000999')).body).toMatchObject({ code: 'INVALID_PIN', attempts_left: 2 });
    expect((await pinRefresh(on, rt!, PIN)).status).toBe(200);
  });
});
