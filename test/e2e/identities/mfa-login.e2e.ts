import { IdentityMethods } from '@rapidauth/identity';
import { randomUUID } from 'node:crypto';
import { decodeJwt, SignJWT } from 'jose';
import { accountCall, signedInUser } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { answerOf } from '../../support/json-answer';
import { basicAuth, postForm } from '../../support/requests';
import { createNativeApp, createTenant } from '../../support/tenant';
import { codeFor, wrongCode } from '../../support/totp-codes';

const MFA_OTP = 'urn:rapidauth:grant-type:mfa-otp';
const PARALLEL = 12;
const CUSTOM_SECRET = 'the backend shares this secret 7c1e9a4b2d';

/**
 * The second factor at login over HTTP (docs/gateway.md#second-factor-at-login): a right first
 * factor of an account with an authenticator answers 403 mfa_required and no tokens; the
 * mfa_token and a TOTP or recovery code finish it at POST /v3/auth/mfa/verify or the mfa-otp
 * grant; replayed steps, wrong codes (five end it, counted exactly under parallel guesses),
 * another client's mfa_token and a removed account are refused; mfa.required without an
 * authenticator asks for enrolment (mfa-enrolment-at-login.e2e.ts follows it through).
 */
describe('second factor at login', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let users = 0;
  const db = () => testbed.gateway.running.runtime.database.dataSource;

  const appClient = () => basicAuth(tenant.environment.appKey, tenant.appSecret);
  const token = async (form: Record<string, string>, headers: Record<string, string> = appClient()) => answerOf(await postForm(`${testbed.gateway.url}/oauth/token`, form, headers));
  const verify = async (body: Record<string, unknown>) =>
    answerOf(
      await fetch(`${testbed.gateway.url}/v3/auth/mfa/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: tenant.environment.appKey, client_secret: tenant.appSecret, ...body }),
      }),
    );
  const families = async (uid: string) => (await db().query(`SELECT count(*)::int AS "count" FROM "refresh_token_family" WHERE "account_id" = $1`, [uid]))[0].count as number;
  const setMethods = (patch: unknown) => testbed.gateway.get(IdentityMethods).update(tenant.environment.id, patch);

  /** A local user with a confirmed authenticator: its secret, recovery codes and credentials. */
  const enrolled = async () => {
    const user = await signedInUser(testbed, tenant, `mfa-login${++users}`);
    const { body } = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    const confirmed = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: await codeFor(body.secret) });
    expect(confirmed.status).toBe(200);
    // The confirming code's step is spent: the next login uses the next one.
    return { ...user, secret: body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  };
  const firstFactor = (user: { username: string; password: string }) => token({ grant_type: 'password', username: user.username, password: user.password, scope: 'openid' });
  const challenged = async (user: { username: string; password: string }) => {
    const answer = await firstFactor(user);
    expect(answer.status).toBe(403);
    return answer.body.mfa_token as string;
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  it('answers a right password of an account with an authenticator with 403 mfa_required, no tokens and no family', async () => {
    const user = await enrolled();
    const before = await families(user.uid);
    const answer = await firstFactor(user);
    expect(answer.status).toBe(403);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ error: 'mfa_required', code: 'MFA_REQUIRED', mfa_methods: ['totp', 'recovery_code'], expires_in: 300 });
    expect(answer.body.mfa_token).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/));
    expect(answer.body).not.toHaveProperty('access_token');
    expect(answer.body).not.toHaveProperty('refresh_token');
    expect(await families(user.uid)).toBe(before);
    // The mfa_token is stored only as its hash.
    const stored = await db().query(`SELECT "token_hash" FROM "mfa_challenge" WHERE "account_id" = $1`, [user.uid]);
    expect(stored.map((row: { token_hash: string }) => row.token_hash)).not.toContain(answer.body.mfa_token);
    // A wrong password stays a wrong password: no challenge.
    expect((await token({ grant_type: 'password', username: user.username, password: 'not the password at all' })).body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_CREDENTIALS' });
  });

  it('finishes the login with a TOTP code at POST /v3/auth/mfa/verify: tokens, the auth object, amr pwd mfa otp; the step cannot be replayed', async () => {
    const user = await enrolled();
    const mfaToken = await challenged(user);
    const code = await codeFor(user.secret, 1);
    const answer = await verify({ mfa_token: mfaToken, code });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: 'openid', auth: { provider: 'local', uid: user.uid } });
    const claims = decodeJwt(answer.body.access_token);
    expect(claims).toMatchObject({ sub: user.uid, uid: user.uid, amr: ['pwd', 'mfa', 'otp'] });
    expect(decodeJwt(answer.body.id_token).amr).toEqual(['pwd', 'mfa', 'otp']);
    expect(await families(user.uid)).toBe(2);

    // The challenge is spent, and the same code (its step) is refused at the next login.
    expect((await verify({ mfa_token: mfaToken, code })).body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_OTP', attempts_left: 0 });
    const replayed = await verify({ mfa_token: await challenged(user), code });
    expect(replayed.status).toBe(400);
    expect(replayed.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_OTP', attempts_left: 4 });
    expect(await families(user.uid)).toBe(2);

    // The refresh token of the second-factor login keeps its methods.
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: answer.body.refresh_token });
    expect(decodeJwt(refreshed.body.access_token).amr).toEqual(['pwd', 'mfa', 'otp']);
  });

  it('finishes the login with a recovery code through the mfa-otp grant at /oauth/token; the code is spent', async () => {
    const user = await enrolled();
    const recoveryCode = user.recoveryCodes[3].toUpperCase();
    const answer = await token({ grant_type: MFA_OTP, mfa_token: await challenged(user), code: recoveryCode });
    expect(answer.status).toBe(200);
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ sub: user.uid, amr: ['pwd', 'mfa', 'otp'] });
    expect((await accountCall(testbed.gateway.url, 'GET', '/v3/auth/account', answer.body.access_token)).body.mfa).toEqual({ totp: true, recoveryCodesLeft: 9 });
    const again = await token({ grant_type: MFA_OTP, mfa_token: await challenged(user), code: recoveryCode });
    expect(again.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_OTP', attempts_left: 4 });
  });

  it('counts wrong codes: attempts_left 4 to 0, then even the right code is refused', async () => {
    const user = await enrolled();
    const mfaToken = await challenged(user);
    const wrong = await wrongCode(user.secret);
    const left: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const refused = await verify({ mfa_token: mfaToken, code: wrong });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_OTP' });
      left.push(refused.body.attempts_left);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const ended = await verify({ mfa_token: mfaToken, code: await codeFor(user.secret, 1) });
    expect(ended.body).toMatchObject({ code: 'INVALID_OTP', attempts_left: 0, fields: [{ field: 'mfa_token' }] });
    expect(await families(user.uid)).toBe(1);
  });

  it(`counts ${PARALLEL} parallel wrong guesses exactly: five are answered, the rest find the challenge ended`, async () => {
    const user = await enrolled();
    const mfaToken = await challenged(user);
    const wrong = await wrongCode(user.secret);
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => verify({ mfa_token: mfaToken, code: wrong })));
    for (const answer of answers) expect(answer.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_OTP' });
    const counted = answers.filter((answer) => answer.body.fields?.[0]?.field === 'code').map((answer) => answer.body.attempts_left as number);
    expect(counted.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(answers.filter((answer) => answer.body.fields?.[0]?.field === 'mfa_token')).toHaveLength(PARALLEL - 5);
    const [row] = await db().query(`SELECT "attempts" FROM "mfa_challenge" WHERE "account_id" = $1`, [user.uid]);
    expect(row.attempts).toBe(5);
    expect((await verify({ mfa_token: mfaToken, code: await codeFor(user.secret, 1) })).status).toBe(400);
  });

  it('lets one of parallel right answers win: one login, the others refused', async () => {
    const user = await enrolled();
    const mfaToken = await challenged(user);
    const code = await codeFor(user.secret, 1);
    const answers = await Promise.all(Array.from({ length: 6 }, () => verify({ mfa_token: mfaToken, code })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((answer) => answer.status !== 200)) expect(answer.body).toMatchObject({ code: 'INVALID_OTP' });
    expect(await families(user.uid)).toBe(2);
  });

  it("refuses another client's mfa_token (counted), and the challenge's own client still finishes it", async () => {
    const user = await enrolled();
    const mfaToken = await challenged(user);
    const other = await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, { name: 'Other app', grantTypes: [MFA_OTP, 'refresh_token'] });
    const refused = await token({ grant_type: MFA_OTP, client_id: other.clientId, mfa_token: mfaToken, code: await codeFor(user.secret, 1) }, {});
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_GRANT' });
    const [row] = await db().query(`SELECT "attempts" FROM "mfa_challenge" WHERE "account_id" = $1`, [user.uid]);
    expect(row.attempts).toBe(1);
    expect((await verify({ mfa_token: mfaToken, code: await codeFor(user.secret, 1) })).status).toBe(200);
  });

  it('refuses the second factor when the account was removed meanwhile', async () => {
    const user = await enrolled();
    const mfaToken = await challenged(user);
    expect((await testbed.api('DELETE', `/v1/users/${user.uid}`)).status).toBe(204);
    const refused = await verify({ mfa_token: mfaToken, code: await codeFor(user.secret, 1) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });
    expect(await families(user.uid)).toBe(0);
  });

  it('asks the own-identity grants in the same place: a custom-token login of an account with an authenticator ends in mfa_required, then amr mfa otp', async () => {
    await setMethods({ customToken: { enabled: true, secret: CUSTOM_SECRET } });
    const sub = `backend-user-${randomUUID()}`;
    const custom = async () => {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({ sub, aud: testbed.gateway.url, jti: randomUUID(), iat: now, exp: now + 60 })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(CUSTOM_SECRET));
      return answerOf(
        await fetch(`${testbed.gateway.url}/v3/auth/custom`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ client_id: tenant.environment.appKey, client_secret: tenant.appSecret, token: assertion }),
        }),
      );
    };
    try {
      const first = await custom();
      expect(first.status).toBe(200);
      const uid = first.body.auth.uid as string;
      const { body } = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp', first.body.access_token);
      expect((await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp/confirm', first.body.access_token, { code: await codeFor(body.secret) })).status).toBe(200);

      const challenge = await custom();
      expect(challenge.status).toBe(403);
      expect(challenge.body).toMatchObject({ error: 'mfa_required', code: 'MFA_REQUIRED', mfa_methods: ['totp', 'recovery_code'], expires_in: 300 });
      expect(await families(uid)).toBe(1);
      const finished = await verify({ mfa_token: challenge.body.mfa_token, code: await codeFor(body.secret, 1) });
      expect(finished.status).toBe(200);
      expect(finished.body.auth).toMatchObject({ provider: 'custom', providerUid: sub, uid });
      expect(decodeJwt(finished.body.access_token)).toMatchObject({ sub: uid, provider: 'custom', providerUid: sub, amr: ['mfa', 'otp'] });
    } finally {
      await setMethods({ customToken: { enabled: false } });
    }
  });

  it('asks the own-identity grants too: an anonymous account never needs it; mfa.required without an authenticator asks for enrolment (an anonymous login cannot: nothing created)', async () => {
    const anonymous = async () =>
      answerOf(
        await fetch(`${testbed.gateway.url}/v3/auth/anonymous`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ client_id: tenant.environment.appKey, client_secret: tenant.appSecret }),
        }),
      );
    await setMethods({ anonymous: { enabled: true } });
    expect((await anonymous()).status).toBe(200);
    const accounts = async () => (await db().query(`SELECT count(*)::int AS "count" FROM "account" WHERE "environment_id" = $1`, [tenant.environment.id]))[0].count as number;
    const user = await signedInUser(testbed, tenant, `mfa-login${++users}`);
    try {
      await setMethods({ mfa: { required: true } });
      const before = await accounts();
      const refused = await anonymous();
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'mfa_required', code: 'MFA_ENROLLMENT_REQUIRED', mfa_methods: [] });
      expect(refused.body).not.toHaveProperty('mfa_token');
      expect(await accounts()).toBe(before);
      const password = await firstFactor(user);
      expect(password.status).toBe(403);
      expect(password.body).toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED', mfa_methods: [], mfa_enrolment: ['totp'], expires_in: 300 });
      expect(password.body.mfa_token).toEqual(expect.any(String));
      expect(await families(user.uid)).toBe(1);
    } finally {
      await setMethods({ mfa: { required: false }, anonymous: { enabled: false } });
    }
  });
});
