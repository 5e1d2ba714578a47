import { randomUUID } from 'node:crypto';
import { IdentityMethods } from '@rapidauth/identity';
import { decodeJwt, SignJWT } from 'jose';
import { accountCall } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { answerOf } from '../../support/json-answer';
import { basicAuth, postForm } from '../../support/requests';
import { createNativeApp, createTenant } from '../../support/tenant';
import { codeFor, wrongCode } from '../../support/totp-codes';

const MFA_OTP = 'urn:rapidauth:grant-type:mfa-otp';
const PARALLEL = 12;
const RECOVERY_CODE = /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/;
const CUSTOM_SECRET = 'the backend shares this secret 0d4f2a9c7e';

/**
 * First-login enrolment under `mfa.required` over HTTP (docs/gateway.md#second-factor-at-login):
 * a right first factor of an account without an authenticator answers 403 MFA_ENROLLMENT_REQUIRED
 * with an enrolment challenge; its mfa_token enrols a TOTP authenticator at POST /v3/auth/mfa/totp
 * (no Bearer), and the first right code at POST /v3/auth/mfa/verify or the mfa-otp grant confirms
 * it and finishes the login with the recovery codes. Wrong codes count (exactly, in parallel), an
 * enrolment challenge cannot skip the factor, another client is refused, and an account with an
 * authenticator is asked for its code.
 */
describe('second factor enrolment at login', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let users = 0;
  const db = () => testbed.gateway.running.runtime.database.dataSource;

  const appClient = () => basicAuth(tenant.environment.appKey, tenant.appSecret);
  const token = async (form: Record<string, string>, headers: Record<string, string> = appClient()) => answerOf(await postForm(`${testbed.gateway.url}/oauth/token`, form, headers));
  const post = async (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    answerOf(await fetch(`${testbed.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
  const ours = { client_id: '', client_secret: '' };
  const verify = (body: Record<string, unknown>) => post('/v3/auth/mfa/verify', { ...ours, ...body });
  const enrol = (mfaToken: string, body: Record<string, unknown> = ours) => post('/v3/auth/mfa/totp', { ...body, mfa_token: mfaToken });
  const count = async (table: string, uid: string) => (await db().query(`SELECT count(*)::int AS "count" FROM "${table}" WHERE "account_id" = $1`, [uid]))[0].count as number;
  const factorOf = async (uid: string) => (await db().query(`SELECT "confirmed_at" FROM "mfa_factor" WHERE "account_id" = $1`, [uid]))[0] as { confirmed_at: Date | null } | undefined;

  /** A local user created over the admin API: under mfa.required it has no way to a token yet. */
  const newUser = async () => {
    const username = `mfa-first${++users}`;
    const password = `${username} has a strong password`;
    const { body } = await testbed.api('POST', `/v1/environments/${tenant.environment.id}/users`, { username, password });
    return { uid: body.uid as string, identityId: body.identities[0].id as string, username, password };
  };
  const firstFactor = (user: { username: string; password: string }) => token({ grant_type: 'password', username: user.username, password: user.password, scope: 'openid' });
  const enrolmentChallenge = async (user: { username: string; password: string }) => {
    const answer = await firstFactor(user);
    expect(answer.body.code).toBe('MFA_ENROLLMENT_REQUIRED');
    return answer.body.mfa_token as string;
  };
  /** A user who enrolled at a first login: its secret and the recovery codes that login answered. */
  const enrolledAtLogin = async () => {
    const user = await newUser();
    const mfaToken = await enrolmentChallenge(user);
    const { body } = await enrol(mfaToken);
    const finished = await verify({ mfa_token: mfaToken, code: await codeFor(body.secret) });
    expect(finished.status).toBe(200);
    return { ...user, secret: body.secret as string, recoveryCodes: finished.body.recovery_codes as string[] };
  };

  beforeAll(async () => {
    // Its bursts of token requests through one client land within a second on a quiet machine: the
    // per-client limit is mfa-enrolment-limits.e2e.ts's subject, not this suite's.
    testbed = await startAdminTestbed({ env: { TOKEN_RATE_LIMIT: '10000' } });
    tenant = await createTenant(testbed.gateway.provisioner);
    ours.client_id = tenant.environment.appKey;
    ours.client_secret = tenant.appSecret;
    await testbed.gateway.get(IdentityMethods).update(tenant.environment.id, { mfa: { required: true } });
  });

  afterAll(() => testbed?.stop());

  it('answers a right first factor of an account without an authenticator with an enrolment challenge, nothing else written', async () => {
    const user = await newUser();
    const answer = await firstFactor(user);
    expect(answer.status).toBe(403);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      error: 'mfa_required',
      error_description: expect.any(String),
      code: 'MFA_ENROLLMENT_REQUIRED',
      mfa_token: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/),
      mfa_methods: [],
      mfa_enrolment: ['totp'],
      expires_in: 300,
    });
    expect(await count('refresh_token_family', user.uid)).toBe(0);
    expect(await count('mfa_factor', user.uid)).toBe(0);
    const stored = await db().query(`SELECT "token_hash" FROM "mfa_challenge" WHERE "account_id" = $1`, [user.uid]);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toBe(answer.body.mfa_token);
  });

  it('enrols with the mfa_token (no Bearer), and the first right code finishes the login: tokens, auth, amr pwd mfa otp, 10 recovery codes once; audited', async () => {
    const user = await newUser();
    const mfaToken = await enrolmentChallenge(user);
    const enrolment = await enrol(mfaToken);
    expect(enrolment.status).toBe(200);
    expect(enrolment.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(enrolment.body).sort()).toEqual(['otpauthUri', 'qrCodeSvg', 'secret']);
    expect(enrolment.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.body.otpauthUri).toContain(`:${user.username}?`);
    expect(enrolment.body.qrCodeSvg).toMatch(/^<svg /);
    expect((await factorOf(user.uid))?.confirmed_at).toBeNull();

    const answer = await verify({ mfa_token: mfaToken, code: await codeFor(enrolment.body.secret) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: 'openid', auth: { provider: 'local', uid: user.uid } });
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ sub: user.uid, amr: ['pwd', 'mfa', 'otp'] });
    expect(answer.body.recovery_codes).toHaveLength(10);
    expect(new Set(answer.body.recovery_codes).size).toBe(10);
    for (const code of answer.body.recovery_codes) expect(code).toMatch(RECOVERY_CODE);
    expect((await factorOf(user.uid))?.confirmed_at).not.toBeNull();
    expect(await count('refresh_token_family', user.uid)).toBe(1);
    expect((await accountCall(testbed.gateway.url, 'GET', '/v3/auth/account', answer.body.access_token)).body.mfa).toEqual({ totp: true, recoveryCodesLeft: 10 });

    // The refresh answers no codes again.
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: answer.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).not.toHaveProperty('recovery_codes');

    const events = await testbed.api('GET', `/v1/audit-events?organizationId=${tenant.organization.id}&limit=100`);
    const actions = (events.body.rows as Array<Record<string, any>>).filter((event) => event.targetId === user.uid).map((event) => event.action);
    expect(actions.sort()).toEqual(['user.create', 'user.mfa_confirm', 'user.mfa_enrol']);
    const text = JSON.stringify(events.body);
    expect(text).not.toContain(enrolment.body.secret);
    for (const code of answer.body.recovery_codes) expect(text).not.toContain(code);
  });

  it('asks a second login for the code of the authenticator enrolled at the first; its mfa_token enrols nothing', async () => {
    const user = await enrolledAtLogin();
    const second = await firstFactor(user);
    expect(second.status).toBe(403);
    expect(second.body).toMatchObject({ code: 'MFA_REQUIRED', mfa_methods: ['totp', 'recovery_code'], expires_in: 300 });
    expect(second.body).not.toHaveProperty('mfa_enrolment');
    const refused = await enrol(second.body.mfa_token);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'MFA_ALREADY_ENROLLED' });
    expect(refused.body).not.toHaveProperty('secret');
    // The authenticator is the one enrolled first, and a recovery code of the first login works once.
    const finished = await verify({ mfa_token: second.body.mfa_token, code: user.recoveryCodes[0] });
    expect(finished.status).toBe(200);
    expect(finished.body).not.toHaveProperty('recovery_codes');
    const third = await verify({ mfa_token: await (async () => (await firstFactor(user)).body.mfa_token)(), code: await codeFor(user.secret, 1) });
    expect(third.status).toBe(200);

    // A login that asks for the code never enrols, even once an admin reset the authenticator meanwhile: it signs in again.
    const waiting = (await firstFactor(user)).body.mfa_token as string;
    expect((await testbed.api('DELETE', `/v1/users/${user.uid}/mfa`)).status).toBe(204);
    expect((await enrol(waiting)).body).toMatchObject({ code: 'MFA_ALREADY_ENROLLED' });
    expect(await factorOf(user.uid)).toBeUndefined();
    expect((await firstFactor(user)).body.code).toBe('MFA_ENROLLMENT_REQUIRED');
  });

  it('cannot skip the factor: without an enrolment every code is wrong (counted), a recovery code too, and nothing is confirmed', async () => {
    const user = await newUser();
    const mfaToken = await enrolmentChallenge(user);
    for (const [code, left] of [['123456', 4], ['abcde-fghjk', 3]] as const) {
      const refused = await verify({ mfa_token: mfaToken, code });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_OTP', attempts_left: left, fields: [{ field: 'code' }] });
    }
    expect((await token({ grant_type: MFA_OTP, mfa_token: mfaToken, code: '654321' })).body).toMatchObject({ code: 'INVALID_OTP', attempts_left: 2 });
    expect(await count('refresh_token_family', user.uid)).toBe(0);
    expect(await factorOf(user.uid)).toBeUndefined();
    // The challenge still enrols, and its right code finishes it.
    const { body } = await enrol(mfaToken);
    expect((await verify({ mfa_token: mfaToken, code: await codeFor(body.secret) })).status).toBe(200);
  });

  it('counts wrong codes: attempts_left 4 to 0, then even the right code is refused and the authenticator stays unconfirmed', async () => {
    const user = await newUser();
    const mfaToken = await enrolmentChallenge(user);
    const { body } = await enrol(mfaToken);
    const wrong = await wrongCode(body.secret);
    const left: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) left.push((await verify({ mfa_token: mfaToken, code: wrong })).body.attempts_left);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const ended = await verify({ mfa_token: mfaToken, code: await codeFor(body.secret) });
    expect(ended.body).toMatchObject({ code: 'INVALID_OTP', attempts_left: 0, fields: [{ field: 'mfa_token' }] });
    expect((await enrol(mfaToken)).body).toMatchObject({ code: 'INVALID_OTP', fields: [{ field: 'mfa_token' }] });
    expect((await factorOf(user.uid))?.confirmed_at).toBeNull();
    expect(await count('refresh_token_family', user.uid)).toBe(0);
  });

  it(`counts ${PARALLEL} parallel wrong codes exactly, and one of parallel right codes wins`, async () => {
    const user = await newUser();
    const mfaToken = await enrolmentChallenge(user);
    const { body } = await enrol(mfaToken);
    const wrong = await wrongCode(body.secret);
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => verify({ mfa_token: mfaToken, code: wrong })));
    for (const answer of answers) expect(answer.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_OTP' });
    expect(answers.filter((answer) => answer.body.fields?.[0]?.field === 'code').map((answer) => answer.body.attempts_left as number).sort()).toEqual([0, 1, 2, 3, 4]);
    const [row] = await db().query(`SELECT "attempts" FROM "mfa_challenge" WHERE "account_id" = $1`, [user.uid]);
    expect(row.attempts).toBe(5);

    const other = await newUser();
    const otherToken = await enrolmentChallenge(other);
    const secret = (await enrol(otherToken)).body.secret as string;
    const code = await codeFor(secret);
    const rights = await Promise.all(Array.from({ length: 6 }, () => verify({ mfa_token: otherToken, code })));
    const won = rights.filter((answer) => answer.status === 200);
    expect(won).toHaveLength(1);
    expect(won[0].body.recovery_codes).toHaveLength(10);
    for (const answer of rights.filter((answer) => answer.status !== 200)) expect(answer.body).toMatchObject({ code: 'INVALID_OTP' });
    expect(await count('refresh_token_family', other.uid)).toBe(1);
    expect(await count('recovery_code', other.uid)).toBe(10);
  });

  it('finishes through the mfa-otp grant at /oauth/token too, with the recovery codes', async () => {
    const user = await newUser();
    const mfaToken = await enrolmentChallenge(user);
    const { body } = await enrol(mfaToken);
    const answer = await token({ grant_type: MFA_OTP, mfa_token: mfaToken, code: await codeFor(body.secret) });
    expect(answer.status).toBe(200);
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ sub: user.uid, amr: ['pwd', 'mfa', 'otp'] });
    expect(answer.body.recovery_codes).toHaveLength(10);
  });

  it('replaces an older unconfirmed enrolment: only the newest secret confirms', async () => {
    const user = await newUser();
    const mfaToken = await enrolmentChallenge(user);
    const first = (await enrol(mfaToken)).body.secret as string;
    const second = (await enrol(mfaToken)).body.secret as string;
    expect(second).not.toBe(first);
    const stale = await verify({ mfa_token: mfaToken, code: await codeFor(first) });
    expect(stale.body).toMatchObject({ code: 'INVALID_OTP', attempts_left: 4 });
    expect((await verify({ mfa_token: mfaToken, code: await codeFor(second) })).status).toBe(200);
  });

  it("refuses another client's mfa_token at enrolment (nothing enrolled) and at verification (counted)", async () => {
    const user = await newUser();
    const mfaToken = await enrolmentChallenge(user);
    const other = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, { name: 'Other app', grantTypes: [MFA_OTP, 'refresh_token'] });
    const refused = await enrol(mfaToken, { client_id: other.clientId });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_GRANT' });
    expect(await factorOf(user.uid)).toBeUndefined();
    const { body } = await enrol(mfaToken);
    const verified = await token({ grant_type: MFA_OTP, client_id: other.clientId, mfa_token: mfaToken, code: await codeFor(body.secret) }, {});
    expect(verified.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_GRANT' });
    const [row] = await db().query(`SELECT "attempts" FROM "mfa_challenge" WHERE "account_id" = $1`, [user.uid]);
    expect(row.attempts).toBe(1);
    expect((await factorOf(user.uid))?.confirmed_at).toBeNull();
    // Without client authentication, or with a wrong secret: invalid_client.
    expect((await enrol(mfaToken, { client_id: tenant.environment.appKey })).status).toBe(401);
    expect((await enrol(mfaToken, { client_id: tenant.environment.appKey, client_secret: 'not the secret' })).status).toBe(401);
    // HTTP Basic authenticates the client as at the token endpoint.
    expect((await post('/v3/auth/mfa/totp', { mfa_token: mfaToken }, appClient())).status).toBe(200);
  });

  it('refuses bad input with a 4xx and a code, never a 500', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ ...ours }, 400, 'MISSING_PARAMETER'],
      [{ ...ours, mfa_token: '' }, 400, 'MISSING_PARAMETER'],
      // Not a single string: the own-identity endpoints' rule (as at the token endpoint).
      [{ ...ours, mfa_token: 42 }, 400, 'DUPLICATE_PARAMETER'],
      [{ ...ours, mfa_token: ['a', 'b'] }, 400, 'DUPLICATE_PARAMETER'],
      [{ ...ours, mfa_token: 'abc\u0000' }, 400, 'INVALID_PARAMETER'],
      [{ ...ours, mfa_token: 'x'.repeat(5000) }, 400, 'INVALID_PARAMETER'],
      [{ ...ours, mfa_token: 'not-a-live-token' }, 400, 'INVALID_OTP'],
    ];
    for (const [body, status, code] of cases) {
      const refused = await post('/v3/auth/mfa/totp', body);
      expect({ body: Object.keys(body), status: refused.status, code: refused.body.code }).toEqual({ body: Object.keys(body), status, code });
    }
    // Wrong client credentials are the client's refusal (401) whatever the body holds.
    for (const [body, headers] of [[{}, { authorization: 'Basic Zm9vOmJhcg==' }], [{ client_id: 'no-such-client' }, {}]] as const) {
      const refused = await post('/v3/auth/mfa/totp', body, headers);
      expect({ status: refused.status, error: refused.body.error, code: refused.body.code }).toEqual({ status: 401, error: 'invalid_client', code: 'INVALID_CLIENT' });
    }
    // A Bearer token that is not a live login stays the account endpoint's refusal.
    expect((await post('/v3/auth/mfa/totp', { ...ours, mfa_token: 'x' }, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('signs in a new account of an own-identity login the same way: the account is kept for its enrolment, no family until the code', async () => {
    const methods = testbed.gateway.get(IdentityMethods);
    await methods.update(tenant.environment.id, { customToken: { enabled: true, secret: CUSTOM_SECRET }, anonymous: { enabled: true } });
    try {
      const sub = `backend-user-${randomUUID()}`;
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({ sub, aud: testbed.gateway.url, jti: randomUUID(), iat: now, exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(CUSTOM_SECRET));
      const challenge = await post('/v3/auth/custom', { ...ours, token: assertion });
      expect(challenge.status).toBe(403);
      expect(challenge.body).toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED', mfa_methods: [], mfa_enrolment: ['totp'], expires_in: 300 });
      const [identity] = await db().query(`SELECT "account_id" FROM "identity" WHERE "provider" = 'custom' AND "provider_uid" = $1`, [sub]);
      expect(identity).toBeDefined();
      expect(await count('refresh_token_family', identity.account_id)).toBe(0);
      const { body } = await enrol(challenge.body.mfa_token);
      const finished = await verify({ mfa_token: challenge.body.mfa_token, code: await codeFor(body.secret) });
      expect(finished.status).toBe(200);
      expect(finished.body.auth).toMatchObject({ provider: 'custom', providerUid: sub, uid: identity.account_id });
      expect(decodeJwt(finished.body.access_token)).toMatchObject({ sub: identity.account_id, amr: ['mfa', 'otp'] });
      expect(finished.body.recovery_codes).toHaveLength(10);

      // An anonymous login cannot enrol: refused as before, no challenge, no account.
      const accounts = async () => (await db().query(`SELECT count(*)::int AS "count" FROM "account" WHERE "environment_id" = $1`, [tenant.environment.id]))[0].count as number;
      const before = await accounts();
      const anonymous = await post('/v3/auth/anonymous', { ...ours });
      expect(anonymous.status).toBe(403);
      expect(anonymous.body).toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED', mfa_methods: [] });
      expect(anonymous.body).not.toHaveProperty('mfa_token');
      expect(anonymous.body).not.toHaveProperty('mfa_enrolment');
      expect(await accounts()).toBe(before);
    } finally {
      await methods.update(tenant.environment.id, { customToken: { enabled: false }, anonymous: { enabled: false } });
    }
  });

  it("removes an identity's waiting challenges with it, and the account's with the account", async () => {
    const methods = testbed.gateway.get(IdentityMethods);
    await methods.update(tenant.environment.id, { customToken: { enabled: true, secret: CUSTOM_SECRET } });
    try {
      const user = await enrolledAtLogin();
      const login = await verify({ mfa_token: (await firstFactor(user)).body.mfa_token, code: await codeFor(user.secret, 1) });
      const sub = `linked-${randomUUID()}`;
      const assertion = async () => {
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT({ sub, aud: testbed.gateway.url, jti: randomUUID(), iat: now, exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(CUSTOM_SECRET));
      };
      const linked = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/link', login.body.access_token, { method: 'custom', token: await assertion() });
      expect(linked.status).toBe(200);
      const customIdentity = (linked.body.identities as Array<{ id: string; provider: string }>).find((identity) => identity.provider === 'custom')!;
      // One login waits through each identity.
      expect((await post('/v3/auth/custom', { ...ours, token: await assertion() })).body.code).toBe('MFA_REQUIRED');
      const waiting = (await firstFactor(user)).body.mfa_token as string;
      expect(await count('mfa_challenge', user.uid)).toBeGreaterThanOrEqual(2);
      const byIdentity = async (identityId: string) =>
        (await db().query(`SELECT count(*)::int AS "count" FROM "mfa_challenge" WHERE "account_id" = $1 AND "login"->>'identityId' = $2 AND "consumed_at" IS NULL`, [user.uid, identityId]))[0].count as number;
      expect(await byIdentity(customIdentity.id)).toBe(1);

      expect((await testbed.api('DELETE', `/v1/users/${user.uid}/identities/${customIdentity.id}`)).status).toBe(204);
      expect(await byIdentity(customIdentity.id)).toBe(0);
      expect(await byIdentity(user.identityId)).toBe(1);

      expect((await testbed.api('DELETE', `/v1/users/${user.uid}`)).status).toBe(204);
      expect(await count('mfa_challenge', user.uid)).toBe(0);
      expect((await verify({ mfa_token: waiting, code: await codeFor(user.secret, 1) })).body).toMatchObject({ code: 'INVALID_OTP', attempts_left: 0 });
    } finally {
      await methods.update(tenant.environment.id, { customToken: { enabled: false } });
    }
  });
});
