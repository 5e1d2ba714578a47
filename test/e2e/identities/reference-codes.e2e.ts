import { decodeJwt } from 'jose';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { basicAuth, postForm } from '../../support/requests';
import { SmtpInbox } from '../../support/smtp-inbox';
import { createNativeApp, createTenant } from '../../support/tenant';

const PASSWORD = 'a long and unusual passphrase';
const APP_ORIGIN = 'https://app.example.com';
const ANONYMOUS = 'urn:rapidauth:grant-type:anonymous';
const EMAIL_PASSWORD = 'urn:rapidauth:grant-type:email-password';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** The catalogue codes of the authentication reference's error table, each as the product answers it. */
const REFERENCE_CODES = [
  'UNKNOWN_APPLICATION',
  'PROVIDER_DISABLED',
  'INVALID_PROVIDER_SETTINGS',
  'TOKEN_TOO_OLD',
  'INVALID_CREDENTIALS',
  'IDENTITY_TEMPORARILY_LOCKED',
  'MISSING_EMAIL_OR_PASSWORD',
  'EXISTING_IDENTITY',
  'UNVERIFIED_IDENTITY',
  'TOO_WEAK_PASSWORD',
  'UNSUPPORTED_PROVIDER',
  'MISSING_PARAMETER',
  'UNAUTHORIZED_REQUEST_ORIGIN',
  'INVALID_STATE',
  'INVALID_TOKEN',
] as const;

/** The old SDKs' names of INVALID_CREDENTIALS, EXISTING_IDENTITY and UNVERIFIED_IDENTITY: never sent. */
const OLD_ALIASES = ['INVALID_PASSWORD', 'EMAIL_TAKEN', 'UNVERIFIED_ACCOUNT'];

type Answer = { status: number; headers: Headers; text: string; body: Record<string, any> };

/**
 * Every code of the reference's error table, produced through the own-identity endpoints where the
 * code belongs to them (docs/gateway.md#errors), else where the product sends it: the hosted sign-in
 * (/v3/oauth/*), the token endpoint, the admin API's identity-method settings. Every answer of the
 * suite is kept, and none carries an old alias.
 */
describe('the reference error codes', () => {
  let inbox: SmtpInbox;
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  const answers: Answer[] = [];
  const produced = new Set<string>();

  const keep = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    let body: Record<string, any> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // An HTML page: its text is what is checked.
    }
    const answer = { status: response.status, headers: response.headers, text, body };
    answers.push(answer);
    return answer;
  };
  const gateway = () => testbed.gateway.url;
  const post = async (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    keep(await fetch(`${gateway()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
  const call = async (method: string, path: string, bearer: string) => keep(await fetch(`${gateway()}${path}`, { method, headers: { authorization: `Bearer ${bearer}` } }));
  const form = async (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => keep(await postForm(`${gateway()}${path}`, fields, headers));
  /** The JSON refusal: status, RFC 6749 `error` and catalogue `code`. */
  const expectRefusal = (answer: Answer, status: number, error: string, code: (typeof REFERENCE_CODES)[number]) => {
    expect({ status: answer.status, error: answer.body.error, code: answer.body.code }).toEqual({ status, error, code });
    produced.add(code);
  };
  let sequence = 0;
  const address = (label: string) => `${label}.${Date.now()}.${(sequence += 1)}@example.com`;
  const signUp = async (email: string) => expect((await post('/v3/auth/email/signup', { client_id: clientId, email, password: PASSWORD })).status).toBe(201);

  beforeAll(async () => {
    inbox = await SmtpInbox.start({ tls: 'none' });
    testbed = await startAdminTestbed({ env: { SMTP_URL: inbox.url() } });
    tenant = await createTenant(testbed.gateway.provisioner);
    clientId = (
      await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, {
        name: 'Reference app',
        firstParty: true,
        redirectUris: ['com.example.app:/cb'],
        allowedOrigins: [APP_ORIGIN],
        grantTypes: ['authorization_code', 'refresh_token', ANONYMOUS, EMAIL_PASSWORD, 'urn:rapidauth:grant-type:phone-otp'],
      })
    ).clientId;
    const enabled = await testbed.api('PATCH', `/v1/environments/${tenant.environment.id}/identity-methods`, { email: { enabled: true }, anonymous: { enabled: true } });
    expect(enabled.status).toBe(200);
  });

  afterAll(async () => {
    await testbed?.stop();
    await inbox?.close();
  });

  it('UNKNOWN_APPLICATION: a sign-in started for a client nobody registered (the error page, never a redirect)', async () => {
    const query = new URLSearchParams({ client_id: 'no-such-app', redirect_uri: 'com.example.app:/cb', response_type: 'code', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const page = await keep(await fetch(`${gateway()}/v3/oauth/auth?${query}`, { redirect: 'manual' }));
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.text).toContain('UNKNOWN_APPLICATION');
    produced.add('UNKNOWN_APPLICATION');
  });

  it('PROVIDER_DISABLED: a method the environment has not enabled', async () => {
    expectRefusal(await post('/v3/auth/phone/otp', { client_id: clientId, phoneNumber: '+33612345678' }), 403, 'access_denied', 'PROVIDER_DISABLED');
  });

  it('INVALID_PROVIDER_SETTINGS: identity-method settings out of bounds, field by field', async () => {
    const { status, body } = await testbed.api('PATCH', `/v1/environments/${tenant.environment.id}/identity-methods`, { freshLoginSeconds: 0 });
    const refused = { status, headers: new Headers(), text: JSON.stringify(body), body };
    answers.push(refused);
    expectRefusal(refused, 400, 'invalid_request', 'INVALID_PROVIDER_SETTINGS');
    expect(body.fields).toEqual([expect.objectContaining({ field: 'freshLoginSeconds' })]);
  });

  it('TOKEN_TOO_OLD: removing the account with a login older than freshLoginSeconds', async () => {
    const guest = await form('/oauth/token', { grant_type: ANONYMOUS, client_id: clientId });
    expect(guest.status).toBe(200);
    const familyId = decodeJwt(guest.body.access_token).sid;
    await testbed.gateway.running.runtime.database.dataSource.query(`UPDATE "refresh_token_family" SET "auth_time" = "auth_time" - interval '600 seconds' WHERE "id" = $1`, [familyId]);
    const stale = await form('/oauth/token', { grant_type: 'refresh_token', client_id: clientId, refresh_token: guest.body.refresh_token });
    expect(stale.status).toBe(200);
    expectRefusal(await call('DELETE', '/v3/auth/account', stale.body.access_token), 401, 'insufficient_user_authentication', 'TOKEN_TOO_OLD');
  });

  it('INVALID_CREDENTIALS and IDENTITY_TEMPORARILY_LOCKED: wrong passwords, then the identity locked', async () => {
    const email = address('locked');
    await signUp(email);
    const codes: string[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const wrong = await post('/v3/auth/email/login', { client_id: clientId, email, password: 'not the passphrase at all' });
      expect([wrong.status, wrong.body.error]).toEqual([400, 'invalid_grant']);
      codes.push(wrong.body.code);
    }
    expect(codes).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'IDENTITY_TEMPORARILY_LOCKED']);
    produced.add('INVALID_CREDENTIALS').add('IDENTITY_TEMPORARILY_LOCKED');
  });

  it('MISSING_EMAIL_OR_PASSWORD: an email login or sign-up without one of them', async () => {
    expectRefusal(await post('/v3/auth/email/login', { client_id: clientId, email: address('no-password') }), 400, 'invalid_request', 'MISSING_EMAIL_OR_PASSWORD');
    expectRefusal(await post('/v3/auth/email/signup', { client_id: clientId, password: PASSWORD }), 400, 'invalid_request', 'MISSING_EMAIL_OR_PASSWORD');
  });

  it('EXISTING_IDENTITY: a sign-up with an address that already has an identity', async () => {
    const email = address('taken');
    await signUp(email);
    expectRefusal(await post('/v3/auth/email/signup', { client_id: clientId, email, password: PASSWORD }), 409, 'conflict', 'EXISTING_IDENTITY');
  });

  it('UNVERIFIED_IDENTITY: an email login before the address is confirmed', async () => {
    const email = address('unverified');
    await signUp(email);
    expectRefusal(await post('/v3/auth/email/login', { client_id: clientId, email, password: PASSWORD }), 403, 'access_denied', 'UNVERIFIED_IDENTITY');
  });

  it('TOO_WEAK_PASSWORD: a sign-up with a common password', async () => {
    expectRefusal(await post('/v3/auth/email/signup', { client_id: clientId, email: address('weak'), password: 'password1' }), 400, 'invalid_request', 'TOO_WEAK_PASSWORD');
  });

  it('UNSUPPORTED_PROVIDER: a token exchange through the own-identity service, which has no upstream to exchange with', async () => {
    const exchanged = await form(
      '/oauth/token',
      { grant_type: TOKEN_EXCHANGE, subject_token: 'a.b.c', subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' },
      basicAuth(`${tenant.environment.appKey}.${tenant.localService.id}`, tenant.appSecret),
    );
    expectRefusal(exchanged, 400, 'unauthorized_client', 'UNSUPPORTED_PROVIDER');
  });

  it('MISSING_PARAMETER: a sign-in code asked for without an address', async () => {
    expectRefusal(await post('/v3/auth/email/otp', { client_id: clientId }), 400, 'invalid_request', 'MISSING_PARAMETER');
  });

  it('UNAUTHORIZED_REQUEST_ORIGIN: a login from a web origin neither the client nor the environment approved', async () => {
    const refused = await post('/v3/auth/anonymous', { client_id: clientId }, { origin: 'https://evil.example' });
    expect(refused.body.code).toBe('UNAUTHORIZED_REQUEST_ORIGIN');
    expect(refused.status).toBe(403);
    produced.add('UNAUTHORIZED_REQUEST_ORIGIN');
    expect((await post('/v3/auth/anonymous', { client_id: clientId }, { origin: APP_ORIGIN })).status).toBe(200);
  });

  it('INVALID_STATE: a second factor posted for a sign-in that does not exist (the error page)', async () => {
    const page = await form('/v3/oauth/login/mfa', { login_tx: 'not-a-login-transaction', mfa_token: 'x', otp: '123456' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('INVALID_STATE');
    produced.add('INVALID_STATE');
  });

  it('INVALID_TOKEN: the account endpoint with a token that is not one', async () => {
    expectRefusal(await call('GET', '/v3/auth/account', 'not-a-token'), 401, 'invalid_token', 'INVALID_TOKEN');
  });

  it('produced every code of the table, and no answer of the suite carries an old alias', () => {
    expect([...produced].sort()).toEqual([...REFERENCE_CODES].sort());
    expect(answers.length).toBeGreaterThanOrEqual(REFERENCE_CODES.length);
    for (const alias of OLD_ALIASES) expect(answers.filter((answer) => answer.text.includes(alias))).toEqual([]);
  });
});
