import { IdentityMethods } from '@rapidauth/identity';
import { decodeJwt } from 'jose';
import { accountCall, type AccountAnswer } from '../../support/account-api';
import { codeIn, linkIn, mailsTo, nthMail } from '../../support/email-mail';
import { installationSecrets, type GatewayInstance } from '../../support/gateway-instance';
import { SmtpInbox } from '../../support/smtp-inbox';
import { createNativeApp, createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { startCapturedGateway } from '../observability/captured-gateway';

const EMAIL_PASSWORD = 'urn:rapidauth:grant-type:email-password';
const EMAIL_OTP = 'urn:rapidauth:grant-type:email-otp';
const ANONYMOUS = 'urn:rapidauth:grant-type:anonymous';
const PASSWORD = 'a long and unusual passphrase';
const OTHER_PASSWORD = 'another long and unusual passphrase';
const OTP = { length: 6, ttlSeconds: 300, maxAttempts: 5, resendAfterSeconds: 0, maxSendsPerHour: 100 };

interface Login {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly uid: string;
  readonly email?: string;
}

/**
 * The email link methods over HTTP (docs/gateway.md#linking-identities), codes read from the mail a
 * real SMTP server received: `email` (a new address signed up into the account, the account's own
 * proved by its password, another's refused) and `email-otp` (a link code of its own purpose, bound
 * to the account that asked, counted and spent as a login code); anonymous accounts made
 * permanent; a stale login, a method switched off and bad bodies refused with nothing changed; and
 * no code, password or token in any log line (LOG_LEVEL=debug).
 */
describe('linking email identities', () => {
  let scratch: ScratchDatabase;
  let inbox: SmtpInbox;
  let gateway: GatewayInstance;
  let lines: string[];
  let environmentId: string;
  let clientId: string;
  let counter = 0;
  const secrets = new Set<string>();
  const dataSource = () => gateway.running.runtime.database.dataSource;
  const address = (label: string) => `${label}.${(counter += 1)}.${Date.now()}@example.com`;

  const post = async (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ client_id: clientId, ...body }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
  };
  const setMethods = (patch: unknown) => gateway.get(IdentityMethods).update(environmentId, patch);
  const link = (token: string, body: unknown) => accountCall(gateway.url, 'POST', '/v3/auth/link', token, body);
  const askCode = (token: string, body: unknown, headers: Record<string, string> = {}) => accountCall(gateway.url, 'POST', '/v3/auth/link/email-otp', token, body, headers);
  const outcome = (answer: { status: number; body: Record<string, any> }) => ({ status: answer.status, error: answer.body.error, code: answer.body.code });
  const refusal = (answer: AccountAnswer) => ({ status: answer.status, code: answer.body.code, field: answer.body.fields?.[0]?.field });

  /** A signed-up, signed-in email account (its address unverified: the environment does not require it). */
  const emailAccount = async (): Promise<Login> => {
    const email = address('home');
    expect((await post('/v3/auth/email/signup', { email, password: PASSWORD })).status).toBe(201);
    await nthMail(inbox, email, 1);
    const signedIn = await post('/v3/auth/email/login', { email, password: PASSWORD });
    expect(signedIn.status).toBe(200);
    secrets.add(signedIn.body.access_token).add(signedIn.body.refresh_token);
    return { access_token: signedIn.body.access_token, refresh_token: signedIn.body.refresh_token, uid: signedIn.body.auth.uid, email };
  };
  const guest = async (): Promise<Login> => {
    const signedIn = await post('/v3/auth/anonymous', {});
    expect(signedIn.status).toBe(200);
    return { access_token: signedIn.body.access_token, refresh_token: signedIn.body.refresh_token, uid: signedIn.body.auth.uid };
  };
  /** A link code asked for by `login`, read from the mail it sent. */
  const linkCode = async (login: Login, email: string) => {
    const before = mailsTo(inbox, email).length;
    const sent = await askCode(login.access_token, { email });
    expect(sent.status).toBe(202);
    const code = codeIn(await nthMail(inbox, email, before + 1));
    secrets.add(code);
    return code;
  };
  const identitiesOf = async (uid: string) => {
    const rows: { provider: string; provider_uid: string; email_verified: boolean; has_password: boolean }[] = await dataSource().query(
      `SELECT "provider", "provider_uid", "email_verified", "password_hash" IS NOT NULL AS "has_password" FROM "identity" WHERE "account_id" = $1 ORDER BY "provider", "provider_uid"`,
      [uid],
    );
    return rows.map((row) => `${row.provider}:${row.provider_uid}:${row.email_verified ? 'verified' : 'unverified'}:${row.has_password ? 'password' : 'none'}`);
  };
  const linkAudits = async (uid: string) => {
    const rows: { details: Record<string, unknown> }[] = await dataSource().query(`SELECT "details" FROM "audit_event" WHERE "action" = 'user.identity_link' AND "target_id" = $1`, [uid]);
    return rows.map((row) => row.details.provider);
  };
  const wrongCode = (code: string, by = 1) => String((Number(code) + by) % 1_000_000).padStart(6, '0');

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    inbox = await SmtpInbox.start({ tls: 'none' });
    ({ gateway, lines } = await startCapturedGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', SMTP_URL: inbox.url() } }));
    const tenant = await createTenant(gateway.provisioner);
    environmentId = tenant.environment.id;
    clientId = (await createNativeApp(gateway.provisioner, environmentId, { name: 'Link app', grantTypes: [EMAIL_PASSWORD, EMAIL_OTP, ANONYMOUS, 'refresh_token'] })).clientId;
    await setMethods({ email: { enabled: true, requireVerification: false }, anonymous: { enabled: true }, otp: OTP });
  });

  afterAll(async () => {
    await gateway?.stop();
    await inbox?.close();
    await scratch?.drop();
  });

  afterEach(() => {
    inbox.refusing = false;
  });

  describe('method email', () => {
    it('signs a new address up into the account: unverified, confirmation mail with code and link, audited; it then signs into the account', async () => {
      const login = await emailAccount();
      const email = address('second');
      secrets.add(OTHER_PASSWORD);
      const linked = await link(login.access_token, { method: 'email', email: email.toUpperCase(), password: OTHER_PASSWORD });
      expect(linked.status).toBe(200);
      expect(linked.headers.get('cache-control')).toBe('no-store');
      expect(linked.body.uid).toBe(login.uid);
      expect(linked.body.identities).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ provider: 'email', providerUid: login.email, current: true }),
          expect.objectContaining({ provider: 'email', providerUid: email, emailVerified: false, current: false }),
        ]),
      );
      expect(await identitiesOf(login.uid)).toEqual([`email:${login.email}:unverified:password`, `email:${email}:unverified:password`].sort());
      expect(await linkAudits(login.uid)).toEqual(['email']);

      const mail = await nthMail(inbox, email, 1);
      const token = new URL(linkIn(mail)).searchParams.get('token')!;
      secrets.add(token);
      const code = codeIn(mail);
      secrets.add(code);
      expect((await post('/v3/auth/email/verify', { email, code })).body).toEqual({ uid: login.uid, providerUid: email, emailVerified: true });
      const signedIn = await post('/v3/auth/email/login', { email, password: OTHER_PASSWORD });
      expect(signedIn.body.auth).toMatchObject({ uid: login.uid, provider: 'email', providerUid: email });
      secrets.add(signedIn.body.access_token).add(signedIn.body.refresh_token);
    });

    it('refuses a weak or common password as the sign-up does, nothing kept and nothing sent', async () => {
      const login = await emailAccount();
      const email = address('weak');
      for (const password of ['short', 'qwertyuiop']) {
        expect(refusal(await link(login.access_token, { method: 'email', email, password }))).toEqual({ status: 400, code: 'TOO_WEAK_PASSWORD', field: 'password' });
      }
      expect(await identitiesOf(login.uid)).toHaveLength(1);
      expect(mailsTo(inbox, email)).toHaveLength(0);
    });

    it('proves the account’s own address by its password, counted by the lockout: right → 200 unchanged, wrong → INVALID_CREDENTIALS', async () => {
      const login = await emailAccount();
      const before = await identitiesOf(login.uid);
      const again = await link(login.access_token, { method: 'email', email: login.email, password: PASSWORD });
      expect(again.status).toBe(200);
      expect(await identitiesOf(login.uid)).toEqual(before);
      expect(await linkAudits(login.uid)).toEqual([]);

      const wrong = await link(login.access_token, { method: 'email', email: login.email, password: 'not the right passphrase' });
      expect(outcome(wrong)).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_CREDENTIALS' });
      const [identity]: { id: string }[] = await dataSource().query(`SELECT "id" FROM "identity" WHERE "provider_uid" = $1`, [login.email]);
      const [counted]: { failures: number }[] = await dataSource().query(`SELECT "failures" FROM "login_throttle" WHERE "key" = $1`, [`identity:${identity.id}`]);
      expect(counted.failures).toBe(1);
      expect(mailsTo(inbox, login.email!)).toHaveLength(1);
    });

    it('refuses another account’s address with 409 EXISTING_IDENTITY, nothing changed on either account', async () => {
      const owner = await emailAccount();
      const other = await emailAccount();
      const taken = await link(other.access_token, { method: 'email', email: owner.email, password: PASSWORD });
      expect(outcome(taken)).toEqual({ status: 409, error: 'conflict', code: 'EXISTING_IDENTITY' });
      // Refused as taken before any password is checked, as the sign-up refuses it.
      const guessed = await link(other.access_token, { method: 'email', email: owner.email, password: 'a guess at the passphrase' });
      expect(outcome(guessed)).toEqual({ status: 409, error: 'conflict', code: 'EXISTING_IDENTITY' });
      expect(await identitiesOf(owner.uid)).toEqual([`email:${owner.email}:unverified:password`]);
      expect(await identitiesOf(other.uid)).toEqual([`email:${other.email}:unverified:password`]);
    });

    it('of two accounts linking one new address at once, one wins and the other gets 409', async () => {
      const [first, second] = [await emailAccount(), await emailAccount()];
      const email = address('contested');
      const answers = await Promise.all([first, second].map((login) => link(login.access_token, { method: 'email', email, password: PASSWORD })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const winner = answers[0].status === 200 ? first : second;
      const [owners]: { count: string }[] = await dataSource().query(`SELECT count(*) AS "count" FROM "identity" WHERE "provider_uid" = $1`, [email]);
      expect(Number(owners.count)).toBe(1);
      expect(await identitiesOf(winner.uid)).toContain(`email:${email}:unverified:password`);
    });

    it('keeps nothing when the confirmation mail is refused (503 DELIVERY_FAILED)', async () => {
      const login = await emailAccount();
      const email = address('undeliverable');
      inbox.refusing = true;
      const refused = await link(login.access_token, { method: 'email', email, password: PASSWORD });
      expect([refused.status, refused.body.code]).toEqual([503, 'DELIVERY_FAILED']);
      expect(await identitiesOf(login.uid)).toHaveLength(1);
      inbox.refusing = false;
      expect((await link(login.access_token, { method: 'email', email, password: PASSWORD })).status).toBe(200);
    });

    it('makes an anonymous account permanent, as the sign-up with its token does', async () => {
      const login = await guest();
      const email = address('guest');
      const linked = await link(login.access_token, { method: 'email', email, password: PASSWORD });
      expect(linked.status).toBe(200);
      expect(linked.body).toMatchObject({ uid: login.uid, expiresAt: null });
      expect(await identitiesOf(login.uid)).toEqual([`email:${email}:unverified:password`]);
    });
  });

  describe('method email-otp', () => {
    it('mails a link code for any address (202 {expires_in, resend_after}); the code links it verified and without a password', async () => {
      const login = await emailAccount();
      const email = address('code');
      const sent = await askCode(login.access_token, { email: ` ${email.toUpperCase()} ` });
      expect(sent.status).toBe(202);
      expect(sent.body).toEqual({ expires_in: 300, resend_after: 0 });
      expect(sent.headers.get('cache-control')).toBe('no-store');
      const mail = await nthMail(inbox, email, 1);
      expect(mail.subject).toMatch(/code/i);
      const code = codeIn(mail);
      secrets.add(code);
      const linked = await link(login.access_token, { method: 'email-otp', email, code });
      expect(linked.status).toBe(200);
      expect(linked.body.identities).toEqual(expect.arrayContaining([expect.objectContaining({ provider: 'email', providerUid: email, emailVerified: true, current: false })]));
      expect(await identitiesOf(login.uid)).toContain(`email:${email}:verified:none`);
      expect(await linkAudits(login.uid)).toEqual(['email']);
      const replay = await link(login.access_token, { method: 'email-otp', email, code });
      expect([replay.status, replay.body.code, replay.body.attempts_left]).toEqual([400, 'INVALID_OTP', 0]);

      // Without a password the email login refuses it as a wrong password; a password reset gives it one.
      const noPassword = await post('/v3/auth/email/login', { email, password: PASSWORD });
      const wrongPassword = await post('/v3/auth/email/login', { email: login.email, password: OTHER_PASSWORD });
      expect(outcome(noPassword)).toEqual(outcome(wrongPassword));
      expect(outcome(noPassword)).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_CREDENTIALS' });
      expect((await post('/v3/auth/email/password-reset', { email })).status).toBe(202);
      const resetCode = codeIn(await nthMail(inbox, email, 2));
      secrets.add(resetCode);
      expect((await post('/v3/auth/email/password-reset/confirm', { email, code: resetCode, password: OTHER_PASSWORD })).status).toBe(204);
      const signedIn = await post('/v3/auth/email/login', { email, password: OTHER_PASSWORD });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.auth).toMatchObject({ uid: login.uid, providerUid: email, emailVerified: true });
      secrets.add(signedIn.body.access_token).add(signedIn.body.refresh_token);
    });

    it('keeps link and login codes apart: a login code never links, a link code never signs in', async () => {
      const login = await emailAccount();
      expect((await post('/v3/auth/email/otp', { email: login.email })).status).toBe(202);
      const loginCode = codeIn(await nthMail(inbox, login.email!, 2));
      secrets.add(loginCode);
      const byLoginCode = await link(login.access_token, { method: 'email-otp', email: login.email, code: loginCode });
      expect([byLoginCode.status, byLoginCode.body.code, byLoginCode.body.attempts_left]).toEqual([400, 'INVALID_OTP', 0]);

      const code = await linkCode(login, login.email!);
      const signIn = await post('/v3/auth/email/otp/verify', { email: login.email, code });
      expect([signIn.status, signIn.body.code]).toEqual([400, 'INVALID_OTP']);
      // Its own address, proved by the link code: 200, nothing added, and now verified.
      const own = await link(login.access_token, { method: 'email-otp', email: login.email, code });
      expect(own.status).toBe(200);
      expect(await identitiesOf(login.uid)).toEqual([`email:${login.email}:verified:password`]);
      expect(await linkAudits(login.uid)).toEqual([]);
    });

    it('spends a code only for the account that asked: another account presenting it is INVALID_OTP, the attempt counted', async () => {
      const asker = await emailAccount();
      const thief = await emailAccount();
      const email = address('bound');
      const code = await linkCode(asker, email);
      const stolen = await link(thief.access_token, { method: 'email-otp', email, code });
      expect([stolen.status, stolen.body.error, stolen.body.code, stolen.body.attempts_left]).toEqual([400, 'invalid_grant', 'INVALID_OTP', 4]);
      expect(await identitiesOf(thief.uid)).toHaveLength(1);
      const wrong = await link(asker.access_token, { method: 'email-otp', email, code: wrongCode(code) });
      expect(wrong.body.attempts_left).toBe(3);
      expect((await link(asker.access_token, { method: 'email-otp', email, code })).status).toBe(200);
      expect(await identitiesOf(asker.uid)).toContain(`email:${email}:verified:none`);
    });

    it('counts parallel wrong guesses exactly, and of parallel right ones exactly one links', async () => {
      const login = await emailAccount();
      const email = address('guesses');
      const code = await linkCode(login, email);
      const wrong = await Promise.all([1, 2, 3].map((by) => link(login.access_token, { method: 'email-otp', email, code: wrongCode(code, by) })));
      expect(wrong.map((answer) => answer.body.code)).toEqual(['INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP']);
      expect(wrong.map((answer) => answer.body.attempts_left).sort()).toEqual([2, 3, 4]);
      const right = await Promise.all([1, 2].map(() => link(login.access_token, { method: 'email-otp', email, code })));
      expect(right.map((answer) => answer.status).sort()).toEqual([200, 400]);
      expect(await identitiesOf(login.uid)).toContain(`email:${email}:verified:none`);
    });

    it('refuses another account’s address with 409 EXISTING_IDENTITY, and one of two accounts linking a new one at once', async () => {
      const owner = await emailAccount();
      const other = await emailAccount();
      const taken = await link(other.access_token, { method: 'email-otp', email: owner.email, code: await linkCode(other, owner.email!) });
      expect(outcome(taken)).toEqual({ status: 409, error: 'conflict', code: 'EXISTING_IDENTITY' });
      expect(await identitiesOf(owner.uid)).toEqual([`email:${owner.email}:unverified:password`]);
      expect(await identitiesOf(other.uid)).toHaveLength(1);

      // Racing a code link against a password link of one new address: one identity, the other 409.
      const email = address('contested-code');
      const code = await linkCode(owner, email);
      const answers = await Promise.all([link(owner.access_token, { method: 'email-otp', email, code }), link(other.access_token, { method: 'email', email, password: PASSWORD })]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const [owners]: { count: string }[] = await dataSource().query(`SELECT count(*) AS "count" FROM "identity" WHERE "provider_uid" = $1`, [email]);
      expect(Number(owners.count)).toBe(1);
    });

    it('makes an anonymous account permanent', async () => {
      const login = await guest();
      const email = address('guest-code');
      expect((await link(login.access_token, { method: 'email-otp', email, code: await linkCode(login, email) })).body).toMatchObject({ uid: login.uid, expiresAt: null });
      const identities = await identitiesOf(login.uid);
      expect(identities).toHaveLength(2);
      expect(identities).toContain(`email:${email}:verified:none`);
      expect(identities[0]).toMatch(/^anonymous:/);
    });

    it('holds link codes to the otp limits (429 RATE_LIMITED with Retry-After) and voids one whose mail is refused (503)', async () => {
      const login = await emailAccount();
      const email = address('limited');
      await setMethods({ otp: { resendAfterSeconds: 30 } });
      try {
        expect((await askCode(login.access_token, { email })).status).toBe(202);
        const soon = await askCode(login.access_token, { email });
        expect([soon.status, soon.body.code]).toEqual([429, 'RATE_LIMITED']);
        expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await setMethods({ otp: OTP });
      }
      const undeliverable = address('undeliverable-code');
      inbox.refusing = true;
      const refused = await askCode(login.access_token, { email: undeliverable });
      expect([refused.status, refused.body.code]).toEqual([503, 'DELIVERY_FAILED']);
      const rows: { consumed: boolean; account_id: string }[] = await dataSource().query(
        `SELECT "consumed_at" IS NOT NULL AS "consumed", "account_id" FROM "one_time_code" WHERE "destination" = $1`,
        [undeliverable],
      );
      expect(rows).toEqual([{ consumed: true, account_id: login.uid }]);
    });
  });

  it('answers 403 PROVIDER_DISABLED while a method is off, before anything is read or sent', async () => {
    const login = await emailAccount();
    const email = address('disabled');
    const code = await linkCode(login, email);
    await setMethods({ email: { passwordLogin: false, otpLogin: false } });
    try {
      expect(outcome(await link(login.access_token, { method: 'email', email, password: PASSWORD }))).toEqual({ status: 403, error: 'access_denied', code: 'PROVIDER_DISABLED' });
      expect(outcome(await link(login.access_token, { method: 'email-otp', email, code }))).toEqual({ status: 403, error: 'access_denied', code: 'PROVIDER_DISABLED' });
      expect(outcome(await askCode(login.access_token, { email }))).toEqual({ status: 403, error: 'access_denied', code: 'PROVIDER_DISABLED' });
      await setMethods({ email: { enabled: false, passwordLogin: true, otpLogin: true } });
      expect(outcome(await link(login.access_token, { method: 'email', email, password: PASSWORD }))).toEqual({ status: 403, error: 'access_denied', code: 'PROVIDER_DISABLED' });
      expect(outcome(await askCode(login.access_token, { email }))).toEqual({ status: 403, error: 'access_denied', code: 'PROVIDER_DISABLED' });
    } finally {
      await setMethods({ email: { enabled: true, passwordLogin: true, otpLogin: true } });
    }
    expect(mailsTo(inbox, email)).toHaveLength(1);
    expect(await identitiesOf(login.uid)).toHaveLength(1);
    // The code was not spent meanwhile.
    expect((await link(login.access_token, { method: 'email-otp', email, code })).status).toBe(200);
  });

  it('needs a fresh login: a stale one gets 401 TOKEN_TOO_OLD, no code sent, nothing linked', async () => {
    const login = await emailAccount();
    const stale = await aged(login);
    const email = address('stale');
    for (const answer of [await askCode(stale, { email }), await link(stale, { method: 'email', email, password: PASSWORD })]) {
      expect(outcome(answer)).toEqual({ status: 401, error: 'insufficient_user_authentication', code: 'TOKEN_TOO_OLD' });
      expect(answer.headers.get('www-authenticate')).toContain('max_age="300"');
    }
    const code = await linkCode(login, email);
    expect(outcome(await link(stale, { method: 'email-otp', email, code }))).toMatchObject({ status: 401, code: 'TOKEN_TOO_OLD' });
    expect(mailsTo(inbox, email)).toHaveLength(1);
    expect(await identitiesOf(login.uid)).toHaveLength(1);
    expect(outcome(await askCode('not-a-token', { email }))).toMatchObject({ status: 401, error: 'invalid_token' });
    expect((await link(login.access_token, { method: 'email-otp', email, code })).status).toBe(200);
  });

  it('refuses bad bodies with 400, a code and the field at fault, nothing changed and nothing sent', async () => {
    const login = await emailAccount();
    const token = login.access_token;
    const email = address('bad');
    const huge = `${'a'.repeat(300)}@example.com`;
    expect(refusal(await link(token, { method: 'email', email }))).toEqual({ status: 400, code: 'MISSING_PARAMETER', field: 'password' });
    expect(refusal(await link(token, { method: 'email-otp', code: '123456' }))).toEqual({ status: 400, code: 'MISSING_PARAMETER', field: 'email' });
    expect(refusal(await link(token, { method: 'email', email, password: PASSWORD, displayName: 'x' }))).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'displayName' });
    expect(refusal(await link(token, { method: 'email-otp', email, code: '123456', password: PASSWORD }))).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'password' });
    expect((await link(token, { method: 'email', email: [email, email], password: PASSWORD })).body.code).toBe('DUPLICATE_PARAMETER');
    expect(refusal(await link(token, { method: 'email', email: huge, password: PASSWORD }))).toEqual({ status: 400, code: 'INVALID_EMAIL', field: 'email' });
    expect(refusal(await link(token, { method: 'email', email: 'a'.repeat(5_000), password: PASSWORD }))).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
    expect(refusal(await link(token, { method: 'email', email: 'a'.repeat(65_536), password: PASSWORD }))).toMatchObject({ status: 413, code: 'REQUEST_TOO_LARGE' });
    expect(refusal(await link(token, { method: 'email', email: `${email}\u0000`, password: PASSWORD }))).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
    expect(refusal(await link(token, { method: 'email', email: 'not an address', password: PASSWORD }))).toEqual({ status: 400, code: 'INVALID_EMAIL', field: 'email' });
    expect(refusal(await link(token, { method: 'email-otp', email, code: '12' }))).toEqual({ status: 400, code: 'INVALID_OTP', field: 'code' });

    expect(refusal(await askCode(token, {}))).toEqual({ status: 400, code: 'MISSING_PARAMETER', field: 'email' });
    expect(refusal(await askCode(token, { email, client_id: clientId }))).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'client_id' });
    expect(refusal(await askCode(token, { email: [email, email] }))).toEqual({ status: 400, code: 'DUPLICATE_PARAMETER', field: 'email' });
    expect(refusal(await askCode(token, { email: 42 }))).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'email' });
    expect(refusal(await askCode(token, { email: `${'a'.repeat(200)}@example.com` }))).toEqual({ status: 400, code: 'INVALID_EMAIL', field: 'email' });
    expect(refusal(await askCode(token, { email: huge }))).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'email' });
    expect(refusal(await askCode(token, { email: 'a'.repeat(5_000) }))).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'email' });
    expect(refusal(await askCode(token, { email: 'a'.repeat(65_536) }))).toMatchObject({ status: 413, code: 'REQUEST_TOO_LARGE' });
    expect(refusal(await askCode(token, { email: `${email}\u0000` }))).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'email' });
    expect(refusal(await askCode(token, '[1,2]'))).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });

    expect(mailsTo(inbox, email)).toHaveLength(0);
    expect(await identitiesOf(login.uid)).toHaveLength(1);
    // A form body is taken as JSON is.
    const form = await askCode(token, new URLSearchParams({ email }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(202);
  });

  it('logs none of the codes, link tokens, passwords or tokens the links handled', () => {
    expect(lines.some((line) => line.includes('/v3/auth/link'))).toBe(true);
    secrets.add(PASSWORD);
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of secrets) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  });

  /** The login as if it were an hour old, refreshed (refresh keeps the login's auth_time). */
  async function aged(login: Login): Promise<string> {
    const { sid } = decodeJwt(login.access_token);
    await dataSource().query(`UPDATE "refresh_token_family" SET "auth_time" = "auth_time" - interval '1 hour' WHERE "id" = $1`, [sid]);
    const refreshed = await fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: login.refresh_token }),
    });
    const body = (await refreshed.json()) as { access_token: string };
    secrets.add(body.access_token);
    return body.access_token;
  }
});
