import { AccountEntity, IdentityEntity } from '@rapidauth/database';
import { IdentityMethods } from '@rapidauth/identity';
import { decodeJwt } from 'jose';
import { codeIn, linkIn, mailsTo, nthMail } from '../../support/email-mail';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { signInForTokens } from '../../support/login-flow';
import { publicClientConfig } from '../../support/oidc-client';
import { postForm } from '../../support/requests';
import { SmtpInbox } from '../../support/smtp-inbox';
import { createNativeApp, createTenant } from '../../support/tenant';

const EMAIL_PASSWORD = 'urn:rapidauth:grant-type:email-password';
const EMAIL_OTP = 'urn:rapidauth:grant-type:email-otp';
const ANONYMOUS = 'urn:rapidauth:grant-type:anonymous';
const REDIRECT = 'http://127.0.0.1/callback';
const PASSWORD = 'a long and unusual passphrase';

type Answer = { status: number; headers: Headers; body: Record<string, any> };

/**
 * Email identities over HTTP (docs/gateway.md#email-login), codes read from the mail a real SMTP
 * server received: sign-up, confirmation by code and by link, resend limits, password and code
 * logins, unknown addresses, password reset and change, the anonymous upgrade, concurrent
 * sign-ups, the hosted login page, and bad input.
 */
describe('email login', () => {
  let inbox: SmtpInbox;
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  let counter = 0;
  const manager = () => gateway.running.runtime.database.dataSource.manager;
  const address = (label: string) => `${label}.${(counter += 1)}.${Date.now()}@Example.COM`;

  const answerOf = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  };
  const call = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    answerOf(
      await fetch(`${gateway.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  const post = (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => call('POST', path, { client_id: clientId, ...body }, headers);
  const signUp = (email: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => post('/v3/auth/email/signup', { email, password: PASSWORD, ...extra }, headers);
  const login = (email: string, password = PASSWORD) => post('/v3/auth/email/login', { email, password, scope: 'openid' });
  const verified = async (email: string) => {
    const created = await signUp(email);
    expect(created.status).toBe(201);
    const code = codeIn(await nthMail(inbox, email.toLowerCase(), 1));
    expect((await post('/v3/auth/email/verify', { email, code })).status).toBe(200);
    return created.body;
  };
  const setMethods = (patch: unknown) => gateway.get(IdentityMethods).update(tenant.environment.id, patch);

  beforeAll(async () => {
    inbox = await SmtpInbox.start({ tls: 'none' });
    gateway = await startScratchGateway({ env: { SMTP_URL: inbox.url(), MAIL_FROM: 'Acme <login@acme.example>' } });
    tenant = await createTenant(gateway.provisioner);
    clientId = (
      await createNativeApp(gateway.provisioner, tenant.environment.id, {
        name: 'Email app',
        firstParty: true,
        redirectUris: [REDIRECT],
        grantTypes: [EMAIL_PASSWORD, EMAIL_OTP, ANONYMOUS, 'refresh_token', 'authorization_code'],
      })
    ).clientId;
    await setMethods({ email: { enabled: true }, anonymous: { enabled: true } });
  });

  afterAll(async () => {
    await gateway?.stop();
    await inbox?.close();
  });

  it('signs up, mails a code and a link, refuses the unverified address, then signs in once it is confirmed', async () => {
    const email = address('signup');
    const normalized = email.toLowerCase();
    const created = await signUp(email, { displayName: 'Ada' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ uid: expect.any(String), provider: 'email', providerUid: normalized, createdAt: expect.any(Number), emailVerified: false });
    const mail = await nthMail(inbox, normalized, 1);
    expect(mail.subject).toBe('Confirm your email address for mobile');
    expect(linkIn(mail)).toContain(`${gateway.url}/v3/auth/email/verify?token=`);
    const code = codeIn(mail);
    expect(code).toMatch(/^\d{6}$/);

    const unverified = await login(email);
    expect([unverified.status, unverified.body.error, unverified.body.code]).toEqual([403, 'access_denied', 'UNVERIFIED_IDENTITY']);
    const wrong = await login(email, 'not the right passphrase');
    expect([wrong.status, wrong.body.error, wrong.body.code]).toEqual([400, 'invalid_grant', 'INVALID_CREDENTIALS']);

    const confirmed = await post('/v3/auth/email/verify', { email, code });
    expect(confirmed).toMatchObject({ status: 200, body: { uid: created.body.uid, providerUid: normalized, emailVerified: true } });
    const again = await post('/v3/auth/email/verify', { email, code });
    expect([again.status, again.body.code, again.body.attempts_left]).toEqual([400, 'INVALID_OTP', 0]);

    const signedIn = await login(email);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String) });
    expect(signedIn.body.auth).toEqual({
      provider: 'email',
      providerUid: normalized,
      uid: created.body.uid,
      createdAt: created.body.createdAt,
      expires: expect.any(Number),
      displayName: 'Ada',
      email: normalized,
      emailVerified: true,
    });
    expect(decodeJwt(signedIn.body.access_token)).toMatchObject({ sub: created.body.uid, provider: 'email', providerUid: normalized, amr: ['pwd'] });

    const taken = await signUp(normalized.toUpperCase());
    expect([taken.status, taken.body.code]).toEqual([409, 'EXISTING_IDENTITY']);
  });

  it('serves both grants at /oauth/token and lists them in discovery', async () => {
    const email = address('token');
    await verified(email);
    const byPassword = await answerOf(await postForm(`${gateway.url}/oauth/token`, { grant_type: EMAIL_PASSWORD, client_id: clientId, email, password: PASSWORD }));
    expect(byPassword.status).toBe(200);
    expect(byPassword.body).not.toHaveProperty('auth');
    const discovery = (await (await fetch(`${gateway.url}/.well-known/openid-configuration`)).json()) as { grant_types_supported: string[] };
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining([EMAIL_PASSWORD, EMAIL_OTP]));
  });

  it('confirms the address by the link once, on a page with the hosted pages\' security headers', async () => {
    const email = address('link');
    const { uid } = (await signUp(email)).body;
    const link = linkIn(await nthMail(inbox, email.toLowerCase(), 1));
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Email address confirmed');
    const identity = await manager().findOneByOrFail(IdentityEntity, { accountId: uid, provider: 'email' });
    expect(identity.emailVerified).toBe(true);
    // Spent with its code: neither the link nor the code works again.
    expect((await fetch(link)).status).toBe(400);
    const tampered = link.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await fetch(tampered)).status).toBe(400);
    expect((await fetch(`${gateway.url}/v3/auth/email/verify?token=%00`)).status).toBe(400);
    expect((await post('/v3/auth/email/verify', { email, code: codeIn(await nthMail(inbox, email.toLowerCase(), 1)) })).body.code).toBe('INVALID_OTP');
    expect((await login(email)).status).toBe(200);
  });

  it('resends the confirmation only after resendAfterSeconds, known and unknown addresses alike, and the new code voids the old', async () => {
    const email = address('resend');
    await signUp(email);
    const first = await nthMail(inbox, email.toLowerCase(), 1);
    const tooSoon = await post('/v3/auth/email/verify/resend', { email });
    expect([tooSoon.status, tooSoon.body.error, tooSoon.body.code]).toEqual([429, 'slow_down', 'RATE_LIMITED']);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeLessThanOrEqual(30);

    const unknown = address('nobody');
    const pretended = await post('/v3/auth/email/verify/resend', { email: unknown });
    expect(pretended).toMatchObject({ status: 202, body: { expires_in: 300, resend_after: 30 } });
    expect((await post('/v3/auth/email/verify/resend', { email: unknown })).status).toBe(429);
    expect(mailsTo(inbox, unknown)).toHaveLength(0);

    // Past the wait (the last code's send moved back), a new code and link, and the first is void.
    await manager().query(`UPDATE "one_time_code" SET "created_at" = "created_at" - interval '31 seconds' WHERE "destination" = $1`, [email.toLowerCase()]);
    const resent = await post('/v3/auth/email/verify/resend', { email });
    expect(resent).toMatchObject({ status: 202, body: { expires_in: 300, resend_after: 30 } });
    const second = await nthMail(inbox, email.toLowerCase(), 2);
    expect((await post('/v3/auth/email/verify', { email, code: codeIn(first) })).body.code).toBe('INVALID_OTP');
    expect((await fetch(linkIn(first))).status).toBe(400);
    expect((await post('/v3/auth/email/verify', { email, code: codeIn(second) })).status).toBe(200);
  });

  it('signs in with a mailed code: guesses counted, the code spent once, an unverified address verified', async () => {
    const email = address('otp');
    const { uid } = (await signUp(email)).body;
    const sent = await post('/v3/auth/email/otp', { email });
    expect(sent).toMatchObject({ status: 202, body: { expires_in: 300, resend_after: 30 } });
    const mail = await nthMail(inbox, email.toLowerCase(), 2);
    expect(mail.subject).toMatch(/^Your mobile sign-in code: \d{6}$/);
    const code = codeIn(mail);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await post('/v3/auth/email/otp/verify', { email, code: wrongCode });
    expect([wrong.status, wrong.body.error, wrong.body.code, wrong.body.attempts_left]).toEqual([400, 'invalid_grant', 'INVALID_OTP', 4]);
    const signedIn = await post('/v3/auth/email/otp/verify', { email, code, scope: 'openid' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.auth).toMatchObject({ provider: 'email', uid, email: email.toLowerCase(), emailVerified: true });
    expect(decodeJwt(signedIn.body.access_token)).toMatchObject({ sub: uid, amr: ['otp'] });
    const replay = await post('/v3/auth/email/otp/verify', { email, code });
    expect([replay.status, replay.body.code]).toEqual([400, 'INVALID_OTP']);
    // The code proved the address: the password login no longer needs the confirmation.
    expect((await login(email)).status).toBe(200);
  });

  it('answers a code request for an unknown address as for a known one, sends nothing, and no code signs it in', async () => {
    const unknown = address('stranger');
    const sent = await post('/v3/auth/email/otp', { email: unknown });
    expect(sent).toMatchObject({ status: 202, body: { expires_in: 300, resend_after: 30 } });
    expect(mailsTo(inbox, unknown)).toHaveLength(0);
    const guess = await post('/v3/auth/email/otp/verify', { email: unknown, code: '123456' });
    expect([guess.status, guess.body.code]).toEqual([400, 'INVALID_OTP']);
    const unknownLogin = await login(unknown);
    expect([unknownLogin.status, unknownLogin.body.code]).toEqual([400, 'INVALID_CREDENTIALS']);
    expect(await manager().countBy(IdentityEntity, { providerUid: unknown.toLowerCase() })).toBe(0);
  });

  it('resets a password by a mailed code: a weak one refused without spending it, then every login revoked', async () => {
    const email = address('reset');
    await verified(email);
    const before = await login(email);
    const asked = await post('/v3/auth/email/password-reset', { email });
    expect(asked).toMatchObject({ status: 202, body: { expires_in: 300, resend_after: 30 } });
    const code = codeIn(await nthMail(inbox, email.toLowerCase(), 2));
    const weak = await post('/v3/auth/email/password-reset/confirm', { email, code, password: 'password' });
    expect([weak.status, weak.body.code]).toEqual([400, 'TOO_WEAK_PASSWORD']);
    const newPassword = 'another long unusual passphrase';
    const done = await post('/v3/auth/email/password-reset/confirm', { email, code, password: newPassword });
    expect(done.status).toBe(204);
    const refreshed = await answerOf(await postForm(`${gateway.url}/oauth/token`, { grant_type: 'refresh_token', client_id: clientId, refresh_token: before.body.refresh_token }));
    expect([refreshed.status, refreshed.body.error]).toEqual([400, 'invalid_grant']);
    expect((await login(email)).body.code).toBe('INVALID_CREDENTIALS');
    expect((await login(email, newPassword)).status).toBe(200);
    expect((await post('/v3/auth/email/password-reset/confirm', { email, code, password: 'yet another long passphrase' })).body.code).toBe('INVALID_OTP');

    const unknown = address('no-reset');
    expect((await post('/v3/auth/email/password-reset', { email: unknown })).status).toBe(202);
    expect(mailsTo(inbox, unknown)).toHaveLength(0);
  });

  it('changes the password with a fresh login only', async () => {
    const email = address('change');
    await verified(email);
    const { body } = await login(email);
    const changed = await call('PUT', '/v3/auth/email/password', { password: 'a changed long passphrase' }, { authorization: `Bearer ${body.access_token}` });
    expect(changed.status).toBe(204);
    expect((await login(email, 'a changed long passphrase')).status).toBe(200);
    const weak = await call('PUT', '/v3/auth/email/password', { password: 'short' }, { authorization: `Bearer ${body.access_token}` });
    expect([weak.status, weak.body.code]).toEqual([400, 'TOO_WEAK_PASSWORD']);

    // The same login as if it were made 10 minutes ago (freshLoginSeconds: 300).
    await manager().query(`UPDATE "refresh_token_family" SET "auth_time" = "auth_time" - interval '600 seconds' WHERE "id" = $1`, [decodeJwt(body.access_token).sid]);
    const stale = (await answerOf(await postForm(`${gateway.url}/oauth/token`, { grant_type: 'refresh_token', client_id: clientId, refresh_token: body.refresh_token }))).body;
    const refused = await call('PUT', '/v3/auth/email/password', { password: 'a third long passphrase' }, { authorization: `Bearer ${stale.access_token}` });
    expect([refused.status, refused.body.error, refused.body.code]).toEqual([401, 'insufficient_user_authentication', 'TOKEN_TOO_OLD']);
    expect(refused.headers.get('www-authenticate')).toContain('max_age="300"');
    expect((await login(email, 'a changed long passphrase')).status).toBe(200);
    expect((await call('PUT', '/v3/auth/email/password', { password: 'a third long passphrase' }, {})).status).toBe(401);
  });

  it('upgrades an anonymous account: same uid, anonymous identity and expiry dropped', async () => {
    const guest = await post('/v3/auth/anonymous', {});
    expect(guest.status).toBe(200);
    const uid = guest.body.auth.uid;
    const email = address('upgrade');
    const created = await signUp(email, {}, { authorization: `Bearer ${guest.body.access_token}` });
    expect(created).toMatchObject({ status: 201, body: { uid, provider: 'email', emailVerified: false } });
    const account = await manager().findOneByOrFail(AccountEntity, { id: uid });
    expect(account.expiresAt).toBeNull();
    expect((await manager().findBy(IdentityEntity, { accountId: uid })).map((identity) => identity.provider)).toEqual(['email']);
    await post('/v3/auth/email/verify', { email, code: codeIn(await nthMail(inbox, email.toLowerCase(), 1)) });
    expect((await login(email)).body.auth.uid).toBe(uid);
  });

  it('links an email identity to a signed-in account', async () => {
    const first = address('first');
    await verified(first);
    const { body } = await login(first);
    const second = address('second');
    const linked = await signUp(second, {}, { authorization: `Bearer ${body.access_token}` });
    expect(linked).toMatchObject({ status: 201, body: { uid: body.auth.uid, providerUid: second.toLowerCase() } });
    const view = await call('GET', '/v3/auth/account', undefined as never, { authorization: `Bearer ${body.access_token}` });
    expect(view.body.identities.map((identity: { providerUid: string }) => identity.providerUid).sort()).toEqual([first.toLowerCase(), second.toLowerCase()].sort());
  });

  it('puts email password logins under the sign-in rate limit of the address and username', async () => {
    const email = address('limited');
    await verified(email);
    const answers: Answer[] = [];
    for (let i = 0; i < 12; i++) answers.push(await login(email, 'not the passphrase'));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address from the same client and address is not limited by this one's attempts.
    const other = address('unlimited');
    await verified(other);
    expect((await login(other)).status).toBe(200);
  });

  it('makes one identity of concurrent sign-ups of one address; the others get 409', async () => {
    const email = address('race');
    const answers = await Promise.all(Array.from({ length: 6 }, () => signUp(email)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.body.code === 'EXISTING_IDENTITY')).toBe(true);
    expect(await manager().countBy(IdentityEntity, { provider: 'email', providerUid: email.toLowerCase() })).toBe(1);
  });

  it('signs an email identity in on the hosted login page, with amr pwd', async () => {
    const email = address('hosted');
    const { uid } = await verified(email);
    const config = await publicClientConfig(gateway.url, clientId);
    const { tokens } = await signInForTokens(gateway.url, config, REDIRECT, { username: email, password: PASSWORD });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: uid, provider: 'email', providerUid: email.toLowerCase(), amr: ['pwd'] });
  });

  it('refuses bad input with a 4xx and a code, never a 500, and changes nothing', async () => {
    const email = address('bad');
    const cases: Array<[string, unknown, number, string]> = [
      ['/v3/auth/email/signup', { client_id: clientId, password: PASSWORD }, 400, 'MISSING_EMAIL_OR_PASSWORD'],
      ['/v3/auth/email/signup', { client_id: clientId, email }, 400, 'MISSING_EMAIL_OR_PASSWORD'],
      ['/v3/auth/email/signup', { client_id: clientId, email: [email, email], password: PASSWORD }, 400, 'DUPLICATE_PARAMETER'],
      ['/v3/auth/email/signup', { client_id: clientId, email: 42, password: PASSWORD }, 400, 'DUPLICATE_PARAMETER'],
      ['/v3/auth/email/signup', { client_id: clientId, email: `${'a'.repeat(250)}@example.com`, password: PASSWORD }, 400, 'INVALID_EMAIL'],
      ['/v3/auth/email/signup', { client_id: clientId, email: 'not-an-address', password: PASSWORD }, 400, 'INVALID_EMAIL'],
      ['/v3/auth/email/signup', { client_id: clientId, email: `a\u0000b@example.com`, password: PASSWORD }, 400, 'INVALID_PARAMETER'],
      ['/v3/auth/email/signup', { client_id: clientId, email, password: 'password1' }, 400, 'TOO_WEAK_PASSWORD'],
      ['/v3/auth/email/signup', { email, password: PASSWORD }, 401, 'INVALID_CLIENT'],
      ['/v3/auth/email/login', { client_id: clientId, email }, 400, 'MISSING_EMAIL_OR_PASSWORD'],
      ['/v3/auth/email/login', { client_id: clientId, email: '+1', password: PASSWORD }, 400, 'INVALID_EMAIL'],
      ['/v3/auth/email/otp', { client_id: clientId }, 400, 'MISSING_PARAMETER'],
      ['/v3/auth/email/otp', { client_id: clientId, email: { $ne: 1 } }, 400, 'DUPLICATE_PARAMETER'],
      ['/v3/auth/email/otp/verify', { client_id: clientId, email, code: '12' }, 400, 'INVALID_OTP'],
      ['/v3/auth/email/otp/verify', { client_id: clientId, email, code: 123456 }, 400, 'DUPLICATE_PARAMETER'],
      ['/v3/auth/email/verify', { client_id: clientId, email, code: 'abcdef' }, 400, 'INVALID_OTP'],
      ['/v3/auth/email/password-reset/confirm', { client_id: clientId, email, code: '123456' }, 400, 'MISSING_PARAMETER'],
    ];
    for (const [path, body, status, code] of cases) {
      const answer = await call('POST', path, body);
      expect([path, answer.status, answer.body.code]).toEqual([path, status, code]);
    }
    const huge = await call('POST', '/v3/auth/email/signup', JSON.stringify({ client_id: clientId, email, password: 'x'.repeat(70 * 1024) }));
    expect(huge.status).toBe(413);
    const garbage = await call('POST', '/v3/auth/email/signup', '{"client_id":');
    expect(garbage.status).toBe(400);
    expect(await manager().countBy(IdentityEntity, { providerUid: email.toLowerCase() })).toBe(0);
    expect(mailsTo(inbox, email)).toHaveLength(0);
  });

  it('refuses the email endpoints of an environment whose method is off, and each login that is off', async () => {
    const other = await createTenant(gateway.provisioner);
    const otherClient = (await createNativeApp(gateway.provisioner, other.environment.id, { name: 'Off', grantTypes: [EMAIL_PASSWORD, EMAIL_OTP] })).clientId;
    for (const path of ['/v3/auth/email/signup', '/v3/auth/email/login', '/v3/auth/email/otp', '/v3/auth/email/password-reset']) {
      const answer = await call('POST', path, { client_id: otherClient, email: 'someone@example.com', password: PASSWORD });
      expect([path, answer.status, answer.body.code]).toEqual([path, 403, 'PROVIDER_DISABLED']);
    }
    await gateway.get(IdentityMethods).update(other.environment.id, { email: { enabled: true, passwordLogin: false, otpLogin: false } });
    const byPassword = await call('POST', '/v3/auth/email/login', { client_id: otherClient, email: 'someone@example.com', password: PASSWORD });
    const byCode = await call('POST', '/v3/auth/email/otp', { client_id: otherClient, email: 'someone@example.com' });
    expect([byPassword.status, byPassword.body.code, byCode.status, byCode.body.code]).toEqual([403, 'PROVIDER_DISABLED', 403, 'PROVIDER_DISABLED']);
  });
});
