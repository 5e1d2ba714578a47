import { IdentityMethods } from '@rapidauth/identity';
import { decodeJwt } from 'jose';
import type * as oidc from 'openid-client';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { nativeAppConfig } from '../../support/oidc-client';
import { ACME_MOBILE, createTenant } from '../../support/tenant';
import { codeFor, wrongCode } from '../../support/totp-codes';

const REDIRECT_URI = ACME_MOBILE.redirectUris[0];
const MFA_OTP = 'urn:rapidauth:grant-type:mfa-otp';
const RECOVERY_CODE = /<li><code>([0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5})<\/code><\/li>/g;

/**
 * First-login enrolment on the hosted login page, over plain HTTP form posts
 * (docs/gateway.md#second-factor-at-login): under mfa.required, a right password of an account
 * without an authenticator shows a new authenticator's QR code and key with the code form; its
 * first right code confirms it and shows the recovery codes once; Continue resumes the sign-in to
 * the code. A wrong code shows the same key again, five end the sign-in, another browser is
 * refused, and the next sign-in asks for the code.
 */
describe('second factor enrolment on the hosted login page', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let config: oidc.Configuration;
  let users = 0;
  const db = () => testbed.gateway.running.runtime.database.dataSource;

  const mfaTokenOf = (page: PageResponse) => /name="mfa_token" value="([^"]+)"/.exec(page.body)?.[1] as string;
  const secretOf = (page: PageResponse) => /<code class="secret" id="totp-secret">([A-Z2-7]+)<\/code>/.exec(page.body)?.[1] as string;
  const postCode = (agent: BrowserAgent, page: PageResponse, otp: string) =>
    agent.post(`${testbed.gateway.url}/v3/oauth/login/mfa`, { login_tx: page.loginTx, mfa_token: mfaTokenOf(page), otp });
  const resume = (agent: BrowserAgent, page: PageResponse) => agent.get(`${testbed.gateway.url}/v3/oauth/resume?login_tx=${encodeURIComponent(page.loginTx)}`);
  const factorOf = async (uid: string) => (await db().query(`SELECT "confirmed_at" FROM "mfa_factor" WHERE "account_id" = $1`, [uid]))[0] as { confirmed_at: Date | null } | undefined;

  const newUser = async () => {
    const username = `mfa-page-first${++users}`;
    const password = `${username} has a strong password`;
    const { body } = await testbed.api('POST', `/v1/environments/${tenant.environment.id}/users`, { username, password });
    return { uid: body.uid as string, username, password };
  };
  const atEnrolment = async (user: { username: string; password: string }) => {
    const signIn = await signInThroughLoginPage(testbed.gateway.url, config, REDIRECT_URI, { username: user.username, password: user.password });
    expect(signIn.callback.status).toBe(200);
    return { ...signIn, page: signIn.callback };
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    // The app may also use the mfa-otp grant: the page's mfa_token is still refused at the API.
    config = await nativeAppConfig(testbed.gateway, tenant.environment.id, { ...ACME_MOBILE, grantTypes: [...ACME_MOBILE.grantTypes, MFA_OTP] });
    await testbed.gateway.get(IdentityMethods).update(tenant.environment.id, { mfa: { required: true } });
  });

  afterAll(() => testbed?.stop());

  it('shows the QR code and key after a right password, confirms with the first code, shows the recovery codes once, and Continue ends in the code', async () => {
    const user = await newUser();
    const { agent, started, page } = await atEnrolment(user);
    expect(page.headers.get('cache-control')).toContain('no-store');
    expect(page.body).toContain('<h1>Set up two-step verification</h1>');
    expect(page.body).toMatch(/<svg class="qr" role="img" aria-label="[^"]+" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(page.body).toMatch(/<input id="otp" name="otp" type="text" autocomplete="one-time-code"/);
    expect(page.body).toContain('action="/v3/oauth/login/mfa"');
    // The page's policy allows no script and no inline style: the QR code is drawn by SVG attributes alone.
    const csp = page.headers.get('content-security-policy') as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script|style="/);
    const secret = secretOf(page);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await factorOf(user.uid))?.confirmed_at).toBeNull();

    const codes = await postCode(agent, page, await codeFor(secret));
    expect(codes.status).toBe(200);
    expect(codes.headers.get('cache-control')).toContain('no-store');
    expect(codes.body).toContain('<h1>Save your recovery codes</h1>');
    const recoveryCodes = [...codes.body.matchAll(RECOVERY_CODE)].map((match) => match[1]);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(codes.body).toContain('<form method="get" action="/v3/oauth/resume">');
    expect(codes.headers.get('content-security-policy')).toContain(`form-action 'self' ${new URL(REDIRECT_URI).origin}`);
    expect((await factorOf(user.uid))?.confirmed_at).not.toBeNull();

    // Continue (the form's GET) goes on with the sign-in; it never shows the codes again.
    const continued = await resume(agent, codes);
    expect(continued.status).toBe(303);
    const tokens = await exchange(config, continued.location, started);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: user.uid, amr: ['pwd', 'mfa', 'otp'] });
    const again = await resume(agent, codes);
    expect(again.status).toBe(400);
    expect(again.body).toContain('INVALID_STATE');
    expect(again.body).not.toContain(recoveryCodes[0]);

    // The next sign-in asks for the code of the authenticator, and a recovery code works there.
    const next = await atEnrolment(user);
    expect(next.page.body).toContain('<h1>Two-step verification</h1>');
    expect(next.page.body).not.toContain('<svg');
    const finished = await postCode(next.agent, next.page, recoveryCodes[0]);
    expect(finished.status).toBe(303);
    expect(decodeJwt((await exchange(config, finished.location, next.started)).access_token).amr).toEqual(['pwd', 'mfa', 'otp']);
  });

  it("goes on to the consent of an app that needs it after the recovery codes, then to the code", async () => {
    const thirdParty = await nativeAppConfig(testbed.gateway, tenant.environment.id, { ...ACME_MOBILE, name: 'Partner app', firstParty: false });
    const user = await newUser();
    const { agent, started, callback: page } = await signInThroughLoginPage(testbed.gateway.url, thirdParty, REDIRECT_URI, { username: user.username, password: user.password });
    const codes = await postCode(agent, page, await codeFor(secretOf(page)));
    expect(codes.body).toContain('<h1>Save your recovery codes</h1>');
    const consent = await resume(agent, codes);
    expect(consent.status).toBe(200);
    expect(consent.body).toContain('action="/v3/oauth/consent"');
    expect(consent.body).not.toContain('<code>');
    const allowed = await agent.post(`${testbed.gateway.url}/v3/oauth/consent`, { login_tx: consent.loginTx, decision: 'allow' });
    expect(allowed.status).toBe(303);
    expect(decodeJwt((await exchange(thirdParty, allowed.location, started)).access_token)).toMatchObject({ sub: user.uid, amr: ['pwd', 'mfa', 'otp'] });
  });

  it('shows the same key again after a wrong code, and the fifth wrong code ends the sign-in with the authenticator unconfirmed', async () => {
    const user = await newUser();
    const { agent, page } = await atEnrolment(user);
    const secret = secretOf(page);
    let current = page;
    for (let attempt = 0; attempt < 4; attempt++) {
      current = await postCode(agent, current, await wrongCode(secret));
      expect(current.status).toBe(400);
      expect(current.body).toContain(`${4 - attempt} attempt`);
      expect(secretOf(current)).toBe(secret);
      expect(current.body).toContain('<svg class="qr"');
    }
    const ended = await postCode(agent, current, await wrongCode(secret));
    expect(ended.status).toBe(400);
    expect(ended.body).toContain('INVALID_OTP');
    const after = await postCode(agent, current, await codeFor(secret));
    expect(after.body).toContain('INVALID_STATE');
    expect((await factorOf(user.uid))?.confirmed_at).toBeNull();
  });

  it('counts the five wrong codes of an enrolment in the lockout: the next sign-in\'s enrolment refuses even the right code with 429, nothing confirmed', async () => {
    const user = await newUser();
    const { agent, page } = await atEnrolment(user);
    const secret = secretOf(page);
    let current = page;
    for (let attempt = 0; attempt < 5; attempt++) current = await postCode(agent, current, await wrongCode(secret));
    expect(current.body).toContain('INVALID_OTP');

    const next = await atEnrolment(user);
    expect(next.page.body).toContain('<h1>Set up two-step verification</h1>');
    const locked = await postCode(next.agent, next.page, await codeFor(secretOf(next.page)));
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('Too many failed sign-ins');
    expect(locked.body).toContain('action="/v3/oauth/login/mfa"');
    expect(locked.body).not.toContain('Save your recovery codes');
    expect((await factorOf(user.uid))?.confirmed_at).toBeNull();
    expect((await db().query(`SELECT count(*)::int AS "count" FROM "recovery_code" WHERE "account_id" = $1`, [user.uid]))[0].count).toBe(0);
  });

  it('audits the enrolment and its confirmation on the page (user.mfa_enrol, user.mfa_confirm), with no key or recovery code in the events', async () => {
    const user = await newUser();
    const { agent, page } = await atEnrolment(user);
    const secret = secretOf(page);
    const codes = await postCode(agent, page, await codeFor(secret));
    const recoveryCodes = [...codes.body.matchAll(RECOVERY_CODE)].map((match) => match[1]);
    expect(recoveryCodes).toHaveLength(10);
    const events = await testbed.api('GET', `/v1/audit-events?organizationId=${tenant.organization.id}&limit=100`);
    const ours = (events.body.rows as Array<Record<string, any>>).filter((event) => event.targetId === user.uid);
    expect(ours.map((event) => event.action).sort()).toEqual(['user.create', 'user.mfa_confirm', 'user.mfa_enrol']);
    const text = JSON.stringify(ours);
    expect(text).not.toContain(secret);
    for (const code of recoveryCodes) expect(text).not.toContain(code);
  });

  it("refuses the form from another browser and the page's mfa_token over the API; resuming before the code shows a new enrolment, not the codes", async () => {
    const user = await newUser();
    const { agent, page } = await atEnrolment(user);
    const secret = secretOf(page);
    const stranger = await new BrowserAgent().post(`${testbed.gateway.url}/v3/oauth/login/mfa`, { login_tx: page.loginTx, mfa_token: mfaTokenOf(page), otp: await codeFor(secret) });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toContain('INVALID_STATE');

    const api = await fetch(`${testbed.gateway.url}/v3/auth/mfa/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: config.clientMetadata().client_id, mfa_token: mfaTokenOf(page), code: await codeFor(secret) }),
    });
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: 'invalid_grant', code: 'INVALID_GRANT' });
    expect((await factorOf(user.uid))?.confirmed_at).toBeNull();
    // Nor does the page's mfa_token enrol at the API.
    const enrolled = await fetch(`${testbed.gateway.url}/v3/auth/mfa/totp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: config.clientMetadata().client_id, mfa_token: mfaTokenOf(page) }),
    });
    expect(enrolled.status).toBe(400);
    expect(await enrolled.json()).toMatchObject({ code: 'INVALID_GRANT' });

    const resumed = await resume(agent, page);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toContain('<h1>Set up two-step verification</h1>');
    const newSecret = secretOf(resumed);
    expect(newSecret).not.toBe(secret);
    const codes = await postCode(agent, resumed, await codeFor(newSecret));
    expect(codes.body).toContain('<h1>Save your recovery codes</h1>');
  });
});
