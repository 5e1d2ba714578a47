import { randomUUID } from 'node:crypto';
import { IdentityEntity } from '@rapidauth/database';
import { IdentityMethods } from '@rapidauth/identity';
import { SignJWT } from 'jose';
import { accountCall, signedInUser } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { SmsReceiver } from '../../support/sms-receiver';
import { createNativeApp, createTenant } from '../../support/tenant';

const PHONE_OTP = 'urn:rapidauth:grant-type:phone-otp';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SECRET = 'the backend shares this secret 4b9d2e7a1c';

/**
 * Linking identities (docs/gateway.md#linking-identities) over HTTP: a phone number (its SMS code)
 * or a custom token bound to the Bearer token's account, each proof checked as its login checks it;
 * an identity of another account refused, one already there unchanged; a stale login refused before
 * anything is spent; bad bodies refused with the field at fault.
 */
describe('linking identities', () => {
  let testbed: AdminTestbed;
  let sms: SmsReceiver;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  let users = 0;
  let nextNumber = 10;
  const url = () => testbed.gateway.url;
  const dataSource = () => testbed.gateway.running.runtime.database.dataSource;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const link = (token: string, body: unknown) => accountCall(url(), 'POST', '/v3/auth/link', token, body);
  const freshNumber = () => `+336987654${String(nextNumber++).padStart(2, '0')}`;
  const codeFor = async (number: string) => {
    const sent = await post('/v3/auth/phone/otp', { client_id: clientId, phoneNumber: number });
    if (sent.status !== 202) throw new Error(`no code sent (${sent.status}): ${JSON.stringify(sent.body)}`);
    const text = sms.requests.map((request) => JSON.parse(request.body) as { to: string; text: string }).filter((message) => message.to === number).at(-1)?.text;
    return /\b(\d{6})\b/.exec(text ?? '')![1];
  };
  const phoneLogin = async (number: string) => {
    const answer = await post('/v3/auth/phone/otp/verify', { client_id: clientId, phoneNumber: number, code: await codeFor(number) });
    if (answer.status !== 200) throw new Error(`phone login refused (${answer.status})`);
    return answer.body as { access_token: string; refresh_token: string; auth: { uid: string } };
  };
  const customToken = (sub: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub, aud: url(), jti: randomUUID(), iat: now, exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
  };
  const identitiesOf = async (uid: string) =>
    (await dataSource().manager.findBy(IdentityEntity, { accountId: uid })).map((identity) => `${identity.provider}:${identity.providerUid}`).sort();
  const outcome = (answer: { status: number; body: Record<string, any> }) => ({ status: answer.status, error: answer.body.error, code: answer.body.code });

  beforeAll(async () => {
    sms = await SmsReceiver.start();
    testbed = await startAdminTestbed({ env: { SMS_PROVIDER_URL: sms.url } });
    tenant = await createTenant(testbed.gateway.provisioner);
    clientId = (await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, { name: 'Linking app', grantTypes: [PHONE_OTP, JWT_BEARER, 'refresh_token'] })).clientId;
    await testbed.gateway.get(IdentityMethods).update(tenant.environment.id, {
      phone: { enabled: true },
      customToken: { enabled: true, secret: SECRET },
      otp: { resendAfterSeconds: 0, maxSendsPerHour: 100 },
    });
  });

  afterAll(async () => {
    await testbed?.stop();
    await sms?.close();
  });

  it('links a phone number to a password account: the account view lists it; a phone login then signs into that account', async () => {
    const user = await signedInUser(testbed, tenant, `linker${++users}`);
    const number = freshNumber();
    const answer = await link(user.tokens.access_token, { method: 'phone-otp', phoneNumber: number, code: await codeFor(number) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body.uid).toBe(user.uid);
    expect(answer.body.identities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: user.identityId, current: true }),
        expect.objectContaining({ provider: 'phone', providerUid: number, current: false, id: expect.any(String) }),
      ]),
    );
    expect((await phoneLogin(number)).auth.uid).toBe(user.uid);
    const audit = (await testbed.api('GET', `/v1/audit-events?action=user.identity_link&limit=100`)).body.rows as Array<Record<string, any>>;
    expect(audit.filter((event) => event.targetId === user.uid)).toHaveLength(1);
  });

  it('links a custom token’s sub to a phone account; linking it again is 200 and changes nothing', async () => {
    const login = await phoneLogin(freshNumber());
    const linked = await link(login.access_token, { method: 'custom', token: await customToken('backend-user-1') });
    expect(linked.status).toBe(200);
    const before = await identitiesOf(login.auth.uid);
    expect(before).toContain('custom:backend-user-1');
    const again = await link(login.access_token, { method: 'custom', token: await customToken('backend-user-1') });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(linked.body);
    expect(await identitiesOf(login.auth.uid)).toEqual(before);
    // The custom login now signs into the phone account.
    const custom = await post('/v3/auth/custom', { client_id: clientId, token: await customToken('backend-user-1') });
    expect(custom.body.auth.uid).toBe(login.auth.uid);
  });

  it('refuses an identity of another account with 409 EXISTING_IDENTITY, the proof checked as at login, nothing moved', async () => {
    const owner = await phoneLogin(freshNumber());
    await link(owner.access_token, { method: 'custom', token: await customToken('taken-sub') });
    const other = await phoneLogin(freshNumber());
    const taken = await link(other.access_token, { method: 'custom', token: await customToken('taken-sub') });
    expect(outcome(taken)).toEqual({ status: 409, error: 'conflict', code: 'EXISTING_IDENTITY' });
    const ownerNumber = freshNumber();
    const ownerPhone = await phoneLogin(ownerNumber);
    const phoneTaken = await link(other.access_token, { method: 'phone-otp', phoneNumber: ownerNumber, code: await codeFor(ownerNumber) });
    expect(outcome(phoneTaken)).toEqual({ status: 409, error: 'conflict', code: 'EXISTING_IDENTITY' });
    expect(await identitiesOf(ownerPhone.auth.uid)).toEqual([`phone:${ownerNumber}`]);
    expect(await identitiesOf(owner.auth.uid)).toContain('custom:taken-sub');

    // A proof refused as its login refuses it: a wrong code (counted), a replayed token.
    const number = freshNumber();
    const code = await codeFor(number);
    const wrong = await link(other.access_token, { method: 'phone-otp', phoneNumber: number, code: String((Number(code) + 1) % 1_000_000).padStart(6, '0') });
    expect(outcome(wrong)).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_OTP' });
    expect(wrong.body.attempts_left).toBe(4);
    const token = await customToken('replayed-sub');
    expect((await link(other.access_token, { method: 'custom', token })).status).toBe(200);
    expect(outcome(await link(owner.access_token, { method: 'custom', token }))).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_TOKEN' });
  });

  it('needs a fresh login: an old one gets 401 TOKEN_TOO_OLD and the code is not spent', async () => {
    const login = await phoneLogin(freshNumber());
    const aged = await agedThroughClient(login);
    const number = freshNumber();
    const code = await codeFor(number);
    const stale = await link(aged.access_token, { method: 'phone-otp', phoneNumber: number, code });
    expect(outcome(stale)).toEqual({ status: 401, error: 'insufficient_user_authentication', code: 'TOKEN_TOO_OLD' });
    expect(stale.headers.get('www-authenticate')).toContain('max_age="300"');
    expect((await link(login.access_token, { method: 'phone-otp', phoneNumber: number, code })).status).toBe(200);
    expect(outcome(await link('not-a-token', { method: 'custom', token: 'x' }))).toMatchObject({ status: 401, error: 'invalid_token' });
  });

  it('refuses an unknown method, a missing or unknown field with 400 and the field at fault', async () => {
    const login = await phoneLogin(freshNumber());
    const refusal = async (body: unknown) => {
      const answer = await link(login.access_token, body);
      return { status: answer.status, code: answer.body.code, field: answer.body.fields?.[0]?.field };
    };
    expect(await refusal({ method: 'carrier-pigeon', token: 'x' })).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'method' });
    expect(await refusal({ phoneNumber: '+33612345678', code: '123456' })).toEqual({ status: 400, code: 'MISSING_PARAMETER', field: 'method' });
    expect(await refusal({ method: ['custom', 'phone-otp'], token: 'x' })).toEqual({ status: 400, code: 'DUPLICATE_PARAMETER', field: 'method' });
    expect(await refusal({ method: 'phone-otp', phoneNumber: '+33612345678' })).toEqual({ status: 400, code: 'MISSING_PARAMETER', field: 'code' });
    expect(await refusal({ method: 'custom', token: 'x', admin: true })).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'admin' });
    expect(await refusal({ method: 'phone-otp', phoneNumber: '+1', code: '123456' })).toEqual({ status: 400, code: 'INVALID_PHONE_NUMBER', field: 'phoneNumber' });
    expect((await link(login.access_token, '[1,2]')).status).toBe(400);
    expect(await identitiesOf(login.auth.uid)).toHaveLength(1);
  });

  /** The login as if it were an hour old, refreshed through the phone client (refresh keeps the login's auth_time). */
  async function agedThroughClient(login: { access_token: string; refresh_token: string }) {
    const { sid } = JSON.parse(Buffer.from(login.access_token.split('.')[1], 'base64url').toString()) as { sid: string };
    await dataSource().query(`UPDATE "refresh_token_family" SET "auth_time" = "auth_time" - interval '1 hour' WHERE "id" = $1`, [sid]);
    const refreshed = await fetch(`${url()}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: login.refresh_token }),
    });
    return (await refreshed.json()) as { access_token: string };
  }
});
