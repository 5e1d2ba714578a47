import { AccountEntity, IdentityEntity } from '@rapidauth/database';
import { IdentityMethods } from '@rapidauth/identity';
import { decodeJwt } from 'jose';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { postForm } from '../../support/requests';
import { SmsReceiver } from '../../support/sms-receiver';
import { createNativeApp, createTenant } from '../../support/tenant';

const PHONE_OTP = 'urn:rapidauth:grant-type:phone-otp';
const MAX_ATTEMPTS = 5;

type Answer = { status: number; headers: Headers; body: Record<string, any> };

/**
 * Phone logins (docs/gateway.md#phone-login) over HTTP: a code by SMS to a real HTTP receiver
 * playing the provider, spent at /v3/auth/phone/otp/verify or the phone-otp grant at /oauth/token;
 * the resend wait and hourly limit, wrong codes counted exactly under parallel guesses, malformed
 * and refused numbers, a provider that fails.
 */
describe('phone OTP login', () => {
  let gateway: GatewayInstance;
  let sms: SmsReceiver;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  let otherClientId: string;
  let nextNumber = 10;
  const manager = () => gateway.running.runtime.database.dataSource.manager;

  const answerOf = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  };
  const post = async (path: string, body: unknown) =>
    answerOf(await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const send = (phoneNumber: unknown, client = clientId) => post('/v3/auth/phone/otp', { client_id: client, phoneNumber });
  const verify = (phoneNumber: string, code: string, extra: Record<string, unknown> = {}) => post('/v3/auth/phone/otp/verify', { client_id: clientId, phoneNumber, code, ...extra });
  const setMethods = (patch: unknown) => gateway.get(IdentityMethods).update(tenant.environment.id, patch);
  /** A French mobile number no other test uses. */
  const freshNumber = () => `+336123456${String(nextNumber++).padStart(2, '0')}`;
  /** The code of the last SMS the provider got for `number`. */
  const lastCode = (number: string) => {
    const sent = sms.requests.map((request) => JSON.parse(request.body) as { to: string; text: string }).filter((message) => message.to === number);
    const match = /\b(\d{6})\b/.exec(sent.at(-1)?.text ?? '');
    if (!match) throw new Error(`no code was sent to ${number}`);
    return match[1];
  };
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const outcome = (answer: Answer) => ({ status: answer.status, error: answer.body.error, code: answer.body.code });

  beforeAll(async () => {
    sms = await SmsReceiver.start();
    gateway = await startScratchGateway({ env: { SMS_PROVIDER_URL: sms.url } });
    tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'Phone app', grantTypes: [PHONE_OTP, 'refresh_token'] })).clientId;
    otherClientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'No phone', grantTypes: ['refresh_token'] })).clientId;
    await setMethods({ phone: { enabled: true }, otp: { resendAfterSeconds: 0, maxSendsPerHour: 100, maxAttempts: MAX_ATTEMPTS } });
  });

  afterAll(async () => {
    await gateway?.stop();
    await sms?.close();
  });

  beforeEach(() => {
    sms.mode = 'ok';
  });

  it('sends a code by SMS and signs the number in with it: tokens, the auth object with phoneNumber, amr sms; the same number is the same account', async () => {
    const number = freshNumber();
    const sent = await send(number);
    expect(sent.status).toBe(202);
    expect(sent.headers.get('cache-control')).toBe('no-store');
    expect(sent.body).toEqual({ expires_in: 300, resend_after: 0 });
    const first = await verify(number, lastCode(number), { scope: 'openid' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String) });
    expect(first.body.auth).toEqual({ provider: 'phone', providerUid: number, phoneNumber: number, uid: expect.any(String), createdAt: expect.any(Number), expires: expect.any(Number) });
    expect(decodeJwt(first.body.access_token)).toMatchObject({ sub: first.body.auth.uid, provider: 'phone', providerUid: number, amr: ['sms'] });
    expect(decodeJwt(first.body.id_token)).toMatchObject({ amr: ['sms'] });

    // Written another way, the number is the same identity.
    const spaced = `${number.slice(0, 3)} ${number.slice(3, 4)} ${number.slice(4, 6)} ${number.slice(6, 8)} ${number.slice(8, 10)} ${number.slice(10)}`;
    expect((await send(spaced)).status).toBe(202);
    const again = await verify(spaced, lastCode(number));
    expect(again.status).toBe(200);
    expect(again.body.auth.uid).toBe(first.body.auth.uid);
    expect(await manager().countBy(IdentityEntity, { environmentId: tenant.environment.id, provider: 'phone', providerUid: number })).toBe(1);
    expect((await manager().findOneByOrFail(AccountEntity, { id: first.body.auth.uid })).expiresAt).toBeNull();

    const other = freshNumber();
    await send(other);
    expect((await verify(other, lastCode(other))).body.auth.uid).not.toBe(first.body.auth.uid);
  });

  it('is the phone-otp grant at /oauth/token (phone_number, code), without the auth object; a code is spent once', async () => {
    const number = freshNumber();
    await send(number);
    const code = lastCode(number);
    const answer = await answerOf(await postForm(`${gateway.url}/oauth/token`, { grant_type: PHONE_OTP, client_id: clientId, phone_number: number, code }));
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('auth');
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ provider: 'phone', providerUid: number, amr: ['sms'] });
    const replay = await verify(number, code);
    expect(outcome(replay)).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_OTP' });
    expect(replay.body.attempts_left).toBe(0);
  });

  it('answers a wrong code with attempts_left; a new code voids the last', async () => {
    const number = freshNumber();
    await send(number);
    const first = lastCode(number);
    const refused = await verify(number, wrong(first));
    expect(outcome(refused)).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_OTP' });
    expect(refused.body.attempts_left).toBe(MAX_ATTEMPTS - 1);
    expect(refused.body.fields).toEqual([{ field: 'code', message: expect.any(String) }]);
    await send(number);
    const second = lastCode(number);
    if (second !== first) expect(outcome(await verify(number, first))).toMatchObject({ code: 'INVALID_OTP' });
    expect((await verify(number, second)).status).toBe(200);
  });

  it(`counts ${MAX_ATTEMPTS + 3} parallel wrong guesses exactly: ${MAX_ATTEMPTS} counted, then the right code is refused too`, async () => {
    const number = freshNumber();
    await send(number);
    const code = lastCode(number);
    const answers = await Promise.all(Array.from({ length: MAX_ATTEMPTS + 3 }, () => verify(number, wrong(code))));
    expect(answers.every((answer) => answer.status === 400 && answer.body.code === 'INVALID_OTP')).toBe(true);
    const left = answers.map((answer) => answer.body.attempts_left as number).sort((a, b) => a - b);
    expect(left).toEqual([0, 0, 0, 0, 1, 2, 3, 4]);
    const exhausted = await verify(number, code);
    expect(outcome(exhausted)).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_OTP' });
    expect(exhausted.body.attempts_left).toBe(0);
  });

  it('refuses a resend within resendAfterSeconds, and past maxSendsPerHour, with 429 RATE_LIMITED and Retry-After', async () => {
    await setMethods({ otp: { resendAfterSeconds: 30, maxSendsPerHour: 100 } });
    try {
      const number = freshNumber();
      const sent = await send(number);
      expect(sent.body).toEqual({ expires_in: 300, resend_after: 30 });
      const received = sms.requests.length;
      const early = await send(number);
      expect(outcome(early)).toEqual({ status: 429, error: 'slow_down', code: 'RATE_LIMITED' });
      expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(early.headers.get('retry-after'))).toBeLessThanOrEqual(30);
      expect(sms.requests).toHaveLength(received);
      // The refusal voided nothing: the code sent still signs in.
      expect((await verify(number, lastCode(number))).status).toBe(200);

      await setMethods({ otp: { resendAfterSeconds: 0, maxSendsPerHour: 2 } });
      const hourly = freshNumber();
      expect((await send(hourly)).status).toBe(202);
      expect((await send(hourly)).status).toBe(202);
      const over = await send(hourly);
      expect(outcome(over)).toEqual({ status: 429, error: 'slow_down', code: 'RATE_LIMITED' });
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3000);
    } finally {
      await setMethods({ otp: { resendAfterSeconds: 0, maxSendsPerHour: 100 } });
    }
  });

  it('refuses malformed numbers and countries not allowed with 400 INVALID_PHONE_NUMBER, sending nothing', async () => {
    const received = sms.requests.length;
    for (const bad of ['+1', '0612345678', '+33 6 12 AB 56 78', '+3361234', `+33${'1'.repeat(40)}`, 42, '+33612345678\u0000']) {
      const answer = await send(bad);
      expect({ bad, ...outcome(answer) }).toEqual({ bad, status: 400, error: 'invalid_request', code: answer.body.code });
      expect(['INVALID_PHONE_NUMBER', 'DUPLICATE_PARAMETER', 'INVALID_PARAMETER']).toContain(answer.body.code);
    }
    const malformed = await send('+1');
    expect(malformed.body).toMatchObject({ code: 'INVALID_PHONE_NUMBER', fields: [{ field: 'phoneNumber', message: expect.any(String) }] });
    expect(outcome(await verify('0612345678', '123456'))).toEqual({ status: 400, error: 'invalid_request', code: 'INVALID_PHONE_NUMBER' });
    await setMethods({ phone: { allowedCountryCodes: ['FR'] } });
    try {
      expect(outcome(await send('+4915123456789'))).toEqual({ status: 400, error: 'invalid_request', code: 'INVALID_PHONE_NUMBER' });
      expect((await send(freshNumber())).status).toBe(202);
    } finally {
      await setMethods({ phone: { allowedCountryCodes: [] } });
    }
    expect(sms.requests).toHaveLength(received + 1);
    expect(outcome(await post('/v3/auth/phone/otp', { client_id: clientId }))).toEqual({ status: 400, error: 'invalid_request', code: 'MISSING_PARAMETER' });
    expect(outcome(await post('/v3/auth/phone/otp/verify', { client_id: clientId, phoneNumber: freshNumber() }))).toEqual({ status: 400, error: 'invalid_request', code: 'MISSING_PARAMETER' });
    expect(outcome(await send(['+33612345678', '+33612345679']))).toEqual({ status: 400, error: 'invalid_request', code: 'DUPLICATE_PARAMETER' });
  });

  it('answers 503 DELIVERY_FAILED with Retry-After when the provider fails, and the code it got is void', async () => {
    const number = freshNumber();
    sms.mode = 'fail';
    const failed = await send(number);
    expect(outcome(failed)).toEqual({ status: 503, error: 'temporarily_unavailable', code: 'DELIVERY_FAILED' });
    expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
    sms.mode = 'ok';
    const voided = await verify(number, lastCode(number));
    expect(outcome(voided)).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_OTP' });
    expect(voided.body.attempts_left).toBe(0);
    expect(await manager().countBy(IdentityEntity, { environmentId: tenant.environment.id, provider: 'phone', providerUid: number })).toBe(0);
  });

  it('sends nothing for a client without the grant, nor while the method is off (403 PROVIDER_DISABLED)', async () => {
    const received = sms.requests.length;
    expect(outcome(await send(freshNumber(), otherClientId))).toEqual({ status: 400, error: 'unauthorized_client', code: 'UNAUTHORIZED_CLIENT' });
    expect(outcome(await send(freshNumber(), 'no-such-client'))).toMatchObject({ status: 401, error: 'invalid_client' });
    await setMethods({ phone: { enabled: false } });
    try {
      expect(outcome(await send(freshNumber()))).toEqual({ status: 403, error: 'access_denied', code: 'PROVIDER_DISABLED' });
      expect(outcome(await verify(freshNumber(), '123456'))).toEqual({ status: 403, error: 'access_denied', code: 'PROVIDER_DISABLED' });
    } finally {
      await setMethods({ phone: { enabled: true } });
    }
    expect(sms.requests).toHaveLength(received);
  });
});
