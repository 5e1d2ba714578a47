import { IdentityMethods, LocalIdentities, MfaChallenges } from '@rapidauth/identity';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { answerOf } from '../../support/json-answer';
import { basicAuth, postForm } from '../../support/requests';
import { createNativeApp, createTenant } from '../../support/tenant';

const LIMIT = 4;
const MFA_OTP = 'urn:rapidauth:grant-type:mfa-otp';

/**
 * POST /v3/auth/mfa/totp with an `mfa_token` instead of a Bearer token is rate-limited per client
 * as at the token endpoint (docs/security.md#rate-limits), with requests that do not prove the
 * client's secret counted apart. TOKEN_RATE_LIMIT is lowered so that parallel requests exceed it.
 */
describe('second factor enrolment at sign-in: rate limit', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const enrol = async (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    answerOf(await fetch(`${gateway.url}/v3/auth/mfa/totp`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));

  beforeAll(async () => {
    gateway = await startScratchGateway({ env: { TOKEN_RATE_LIMIT: String(LIMIT) } });
    tenant = await createTenant(gateway.provisioner);
    await gateway.get(IdentityMethods).update(tenant.environment.id, { mfa: { required: true } });
  });

  afterAll(() => gateway?.stop());

  it(`answers exactly the requests over ${LIMIT} per second per client with 429 RATE_LIMITED and Retry-After, another client's budget untouched`, async () => {
    const db = gateway.running.runtime.database.dataSource;
    const user = await gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'limited', password: 'limited has a strong password' });
    // A real enrolment challenge, opened by the first factor of the confidential app.
    const first = await answerOf(await postForm(`${gateway.url}/oauth/token`, { grant_type: 'password', username: 'limited', password: 'limited has a strong password' }, basicAuth(tenant.environment.appKey, tenant.appSecret)));
    expect(first.body.code).toBe('MFA_ENROLLMENT_REQUIRED');
    const [real] = await db.query(`SELECT "login" FROM "mfa_challenge" WHERE "account_id" = $1`, [user.accountId]);
    const login = typeof real.login === 'string' ? JSON.parse(real.login) : real.login;

    // The same waiting login for a public app, once per request: every refusal is the limit's, not a spent challenge.
    const app = await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'Limited app', grantTypes: [MFA_OTP, 'refresh_token'] });
    const challenges = gateway.get(MfaChallenges);
    const tokens = await Promise.all(
      Array.from({ length: LIMIT + 3 }, async () => (await challenges.create({ accountId: user.accountId, environmentId: tenant.environment.id, clientId: app.clientId, login: { ...login, clientId: app.clientId } })).mfaToken),
    );
    // Sent at once, so that a slow machine still fits them in the one-second window.
    const answers = await Promise.all(tokens.map((mfaToken) => enrol({ client_id: app.clientId, mfa_token: mfaToken })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array(LIMIT).fill(200), 429, 429, 429]);
    for (const limited of answers.filter((answer) => answer.status === 429)) {
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(limited.body).toMatchObject({ error: 'slow_down', code: 'RATE_LIMITED' });
      expect(limited.body).not.toHaveProperty('secret');
    }
    // Only the allowed requests enrolled: the refused ones changed nothing (one unconfirmed factor, the last allowed).
    const [factors] = await db.query(`SELECT count(*)::int AS "count" FROM "mfa_factor" WHERE "account_id" = $1 AND "confirmed_at" IS NULL`, [user.accountId]);
    expect(factors.count).toBe(1);

    // The confidential app's secret-proving budget is its own.
    expect((await enrol({ mfa_token: first.body.mfa_token }, basicAuth(tenant.environment.appKey, tenant.appSecret))).status).toBe(200);
  });
});
