import { IdentityMethods } from '@rapidauth/identity';
import { SignJWT } from 'jose';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { answerOf } from '../../support/json-answer';
import { createTenant } from '../../support/tenant';

const CUSTOM_SECRET = 'the backend shares this secret 5b1e9d3a70';

/**
 * Bad input at every POST /v3/auth/* endpoint (missing, duplicate and mistyped fields, a 64 KiB
 * field, NUL, a huge address, `+1`, a short code, a custom token with an unknown `kid`): a 4xx with
 * a catalogue code, never a 500, and no row of the identity tables changed.
 */
describe('own identities: bad input at every /v3/auth endpoint', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let bearer: string;

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
    answerOf(await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }));
  const TABLES = ['account', 'identity', 'one_time_code', 'mfa_factor', 'mfa_challenge', 'refresh_token_family', 'custom_token_replay', 'link_ticket'];
  const snapshot = async () => {
    const db = gateway.running.runtime.database.dataSource;
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = (await db.query(`SELECT count(*)::int AS "count" FROM "${table}"`))[0].count;
    return counts;
  };

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    await gateway.get(IdentityMethods).update(tenant.environment.id, {
      anonymous: { enabled: true },
      email: { enabled: true },
      phone: { enabled: true, allowedCountryCodes: ['FR'] },
      customToken: { enabled: true, secret: CUSTOM_SECRET },
    });
    const anonymous = await post('/v3/auth/anonymous', { client_id: tenant.environment.appKey, client_secret: tenant.appSecret });
    expect(anonymous.status).toBe(200);
    bearer = anonymous.body.access_token;
  });

  afterAll(() => gateway?.stop());

  it('answers each bad body with a 4xx and a code, never a 500, nothing changed', async () => {
    const client = { client_id: tenant.environment.appKey, client_secret: tenant.appSecret };
    const now = Math.floor(Date.now() / 1000);
    const unknownKid = await new SignJWT({ sub: 'someone', aud: gateway.url, jti: 'j1', iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'HS256', kid: 'not-a-known-key' })
      .sign(new TextEncoder().encode('another secret of at least thirty-two characters'));
    const big = 'a'.repeat(64 * 1024);
    const hugeEmail = `${'a'.repeat(300)}@example.com`;
    const endpoints: Array<{ path: string; fields: Record<string, unknown>; bearer?: boolean }> = [
      { path: '/v3/auth/anonymous', fields: { scope: 'openid' } },
      { path: '/v3/auth/email/signup', fields: { email: 'a@example.com', password: 'a strong password 123' } },
      { path: '/v3/auth/email/verify', fields: { email: 'a@example.com', code: '123456' } },
      { path: '/v3/auth/email/verify/resend', fields: { email: 'a@example.com' } },
      { path: '/v3/auth/email/login', fields: { email: 'a@example.com', password: 'a strong password 123' } },
      { path: '/v3/auth/email/otp', fields: { email: 'a@example.com' } },
      { path: '/v3/auth/email/otp/verify', fields: { email: 'a@example.com', code: '123456' } },
      { path: '/v3/auth/email/password-reset', fields: { email: 'a@example.com' } },
      { path: '/v3/auth/email/password-reset/confirm', fields: { email: 'a@example.com', code: '123456', password: 'a strong password 123' } },
      { path: '/v3/auth/phone/otp', fields: { phoneNumber: '+33612345678' } },
      { path: '/v3/auth/phone/otp/verify', fields: { phoneNumber: '+33612345678', code: '123456' } },
      { path: '/v3/auth/custom', fields: { token: unknownKid } },
      { path: '/v3/auth/mfa/verify', fields: { mfa_token: 'not-a-live-token', code: '123456' } },
      { path: '/v3/auth/mfa/totp', fields: { mfa_token: 'not-a-live-token' } },
      { path: '/v3/auth/link', fields: { method: 'email', email: 'a@example.com', password: 'a strong password 123' }, bearer: true },
      { path: '/v3/auth/link/email-otp', fields: { email: 'a@example.com' }, bearer: true },
    ];
    const before = await snapshot();
    const refusals: string[] = [];
    for (const endpoint of endpoints) {
      const headers: Record<string, string> = endpoint.bearer ? { authorization: `Bearer ${bearer}` } : {};
      const base = endpoint.bearer ? endpoint.fields : { ...client, ...endpoint.fields };
      const variants: Array<[string, unknown]> = [['empty', {}], ['not JSON', '{"client_id": '], ['an array', [base]]];
      for (const field of Object.keys(endpoint.fields)) {
        const { [field]: _dropped, ...missing } = base as Record<string, unknown>;
        // `scope` is optional: without it the login is the default scope's.
        if (field !== 'scope') variants.push([`${field} missing`, missing]);
        variants.push([`${field} twice`, { ...base, [field]: ['x', 'y'] }], [`${field} a number`, { ...base, [field]: 42 }]);
        variants.push([`${field} an object`, { ...base, [field]: { a: 1 } }], [`${field} with NUL`, { ...base, [field]: 'x\u0000y' }], [`${field} 64 KiB`, { ...base, [field]: big }]);
      }
      if ('email' in endpoint.fields) variants.push(['huge email', { ...base, email: hugeEmail }], ['email without @', { ...base, email: 'nobody' }]);
      if ('phoneNumber' in endpoint.fields) variants.push(['+1', { ...base, phoneNumber: '+1' }], ['not E.164', { ...base, phoneNumber: '0612345678' }]);
      if ('code' in endpoint.fields) variants.push(['short code', { ...base, code: '12' }]);
      for (const [name, body] of variants) {
        const answer = await post(endpoint.path, body, headers);
        const ok = answer.status >= 400 && answer.status < 500 && typeof answer.body?.code === 'string' && answer.body.code.length > 0;
        if (!ok) refusals.push(`${endpoint.path} (${name}): ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
    }
    expect(refusals).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
