import { randomUUID } from 'node:crypto';
import { IdentityMethods } from '@rapidauth/identity';
import { SignJWT } from 'jose';
import { installationSecrets, type GatewayInstance } from '../../support/gateway-instance';
import { answerOf } from '../../support/json-answer';
import { SmsReceiver } from '../../support/sms-receiver';
import { createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { codeFor } from '../../support/totp-codes';
import { startCapturedGateway } from '../observability/captured-gateway';

const CUSTOM_SECRET = 'the backend shares this secret 8c3f1a6d24';

/**
 * At LOG_LEVEL=debug no log line holds an SMS code, a custom token, a TOTP secret or code, a
 * recovery code, an mfa_token or a token of the phone, custom-token and second-factor flows
 * (the email flows and links are checked in email-delivery and link-email).
 */
describe('own identities: no secret in the logs (phone, custom token, second factor)', () => {
  let scratch: ScratchDatabase;
  let sms: SmsReceiver;
  let gateway: GatewayInstance;
  let lines: string[];
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  const used = new Set<string>();

  const post = async (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    answerOf(await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
  const client = () => ({ client_id: tenant.environment.appKey, client_secret: tenant.appSecret });
  const keep = (...values: unknown[]) => {
    for (const value of values) if (typeof value === 'string' && value.length >= 6) used.add(value);
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    sms = await SmsReceiver.start();
    ({ gateway, lines } = await startCapturedGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', SMS_PROVIDER_URL: sms.url } }));
    tenant = await createTenant(gateway.provisioner);
    await gateway.get(IdentityMethods).update(tenant.environment.id, { phone: { enabled: true }, customToken: { enabled: true, secret: CUSTOM_SECRET } });
  });

  afterAll(async () => {
    await gateway?.stop();
    await sms?.close();
    await scratch?.drop();
  });

  it('runs the phone, custom-token, enrolment, second-factor and recovery-code flows', async () => {
    const phoneNumber = '+33612345699';
    expect((await post('/v3/auth/phone/otp', { ...client(), phoneNumber })).status).toBe(202);
    const code = /\b(\d{6})\b/.exec(JSON.parse(sms.requests.at(-1)!.body).text)![1];
    keep(code);
    const phone = await post('/v3/auth/phone/otp/verify', { ...client(), phoneNumber, code });
    expect(phone.status).toBe(200);
    keep(phone.body.access_token, phone.body.refresh_token);

    const now = Math.floor(Date.now() / 1000);
    const customToken = await new SignJWT({ sub: `backend-${randomUUID()}`, aud: gateway.url, jti: randomUUID(), iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(CUSTOM_SECRET));
    keep(customToken, CUSTOM_SECRET);
    const custom = await post('/v3/auth/custom', { ...client(), token: customToken });
    expect(custom.status).toBe(200);
    keep(custom.body.access_token, custom.body.refresh_token);
    // A replay is refused, and its refusal logs no token either.
    expect((await post('/v3/auth/custom', { ...client(), token: customToken })).body.code).toBe('INVALID_TOKEN');

    const bearer = { authorization: `Bearer ${custom.body.access_token}` };
    const enrolment = await post('/v3/auth/mfa/totp', {}, bearer);
    expect(enrolment.status).toBe(200);
    const secret = enrolment.body.secret as string;
    keep(secret, enrolment.body.otpauthUri);
    const first = await codeFor(secret);
    keep(first);
    const confirmed = await post('/v3/auth/mfa/totp/confirm', { code: first }, bearer);
    expect(confirmed.status).toBe(200);
    keep(...confirmed.body.recoveryCodes);

    const challenge = await post('/v3/auth/custom', {
      ...client(),
      token: await new SignJWT({ sub: (await gateway.running.runtime.database.dataSource.query(`SELECT "provider_uid" FROM "identity" WHERE "provider" = 'custom'`))[0].provider_uid, aud: gateway.url, jti: randomUUID(), iat: now, exp: now + 60 })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(CUSTOM_SECRET)),
    });
    expect(challenge.body.code).toBe('MFA_REQUIRED');
    keep(challenge.body.mfa_token);
    const second = await codeFor(secret, 1);
    keep(second);
    const verified = await post('/v3/auth/mfa/verify', { ...client(), mfa_token: challenge.body.mfa_token, code: second });
    expect(verified.status).toBe(200);
    keep(verified.body.access_token, verified.body.refresh_token);
    const regenerated = await post('/v3/auth/mfa/recovery-codes', {}, { authorization: `Bearer ${verified.body.access_token}` });
    expect(regenerated.status).toBe(200);
    keep(...regenerated.body.recoveryCodes);
  });

  it('logs none of them', () => {
    expect(lines.some((line) => line.includes('/v3/auth/mfa/verify'))).toBe(true);
    expect(used.size).toBeGreaterThanOrEqual(20);
    for (const secret of used) expect({ secret, lines: lines.filter((line) => line.includes(secret)) }).toEqual({ secret, lines: [] });
  });
});
