import { decodeJwt } from 'jose';
import type * as oidc from 'openid-client';
import { accountCall, signedInUser } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { exchange, signInForTokens, signInThroughLoginPage, stillSignedIn } from '../../support/login-flow';
import { nativeAppConfig } from '../../support/oidc-client';
import { ACME_MOBILE, createTenant } from '../../support/tenant';
import { codeFor, wrongCode } from '../../support/totp-codes';

const REDIRECT_URI = ACME_MOBILE.redirectUris[0];

/**
 * The second factor on the hosted login page, over plain HTTP form posts
 * (docs/gateway.md#second-factor-at-login): a right password of an account with an authenticator
 * shows the code form instead of the code; a right TOTP or recovery code finishes the sign-in with
 * amr pwd mfa otp; a wrong one shows the form again; five end the sign-in; another browser cannot
 * post it; resuming the transaction does not skip it.
 */
describe('second factor on the hosted login page', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let config: oidc.Configuration;
  let users = 0;

  const mfaTokenOf = (page: PageResponse) => /name="mfa_token" value="([^"]+)"/.exec(page.body)?.[1] as string;
  const postCode = (agent: BrowserAgent, page: PageResponse, otp: string) =>
    agent.post(`${testbed.gateway.url}/v3/oauth/login/mfa`, { login_tx: page.loginTx, mfa_token: mfaTokenOf(page), otp });

  const enrolled = async () => {
    const user = await signedInUser(testbed, tenant, `mfa-page${++users}`);
    const { body } = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    const confirmed = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: await codeFor(body.secret) });
    expect(confirmed.status).toBe(200);
    return { ...user, secret: body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  };
  const firstFactor = async (user: { username: string; password: string }) => {
    const signIn = await signInThroughLoginPage(testbed.gateway.url, config, REDIRECT_URI, { username: user.username, password: user.password });
    expect(signIn.callback.status).toBe(200);
    return { ...signIn, mfaPage: signIn.callback };
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    config = await nativeAppConfig(testbed.gateway, tenant.environment.id, ACME_MOBILE);
  });

  afterAll(() => testbed?.stop());

  it('asks for the code after a right password, then a right TOTP code ends in the code with amr pwd mfa otp', async () => {
    const user = await enrolled();
    const { agent, started, mfaPage } = await firstFactor(user);
    expect(mfaPage.headers.get('cache-control')).toContain('no-store');
    expect(mfaPage.body).toContain('action="/v3/oauth/login/mfa"');
    expect(mfaPage.body).toMatch(/<input id="otp" name="otp" type="text" autocomplete="one-time-code"/);
    expect(mfaPage.body).not.toContain('name="password"');

    const finished = await postCode(agent, mfaPage, await codeFor(user.secret, 1));
    expect(finished.status).toBe(303);
    const tokens = await exchange(config, finished.location, started);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: user.uid, amr: ['pwd', 'mfa', 'otp'] });
    expect(tokens.claims()?.amr).toEqual(['pwd', 'mfa', 'otp']);
  });

  it('does not reuse a browser session signed in before the account enrolled: the next sign-in asks for the code, and its session is reused', async () => {
    const user = await signedInUser(testbed, tenant, `mfa-page${++users}`);
    const { agent } = await signInForTokens(testbed.gateway.url, config, REDIRECT_URI, { username: user.username, password: user.password });
    expect(await stillSignedIn(agent, config, REDIRECT_URI)).toBe(true);

    const { body } = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    expect((await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: await codeFor(body.secret) })).status).toBe(200);
    expect(await stillSignedIn(agent, config, REDIRECT_URI)).toBe(false);

    const { started, callback: mfaPage } = await signInThroughLoginPage(testbed.gateway.url, config, REDIRECT_URI, { username: user.username, password: user.password }, { agent });
    expect(mfaPage.body).toContain('action="/v3/oauth/login/mfa"');
    const finished = await postCode(agent, mfaPage, await codeFor(body.secret, 1));
    expect(finished.status).toBe(303);
    expect((await exchange(config, finished.location, started)).claims()?.amr).toEqual(['pwd', 'mfa', 'otp']);
    expect(await stillSignedIn(agent, config, REDIRECT_URI)).toBe(true);
  });

  it('shows the form again for a wrong code (400 INVALID_OTP), takes a recovery code, and the fifth wrong code ends the sign-in', async () => {
    const user = await enrolled();
    const { agent, started, mfaPage } = await firstFactor(user);
    const wrong = await postCode(agent, mfaPage, await wrongCode(user.secret));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('role="alert"');
    expect(wrong.body).toContain('4 attempts left');
    const finished = await postCode(agent, wrong, user.recoveryCodes[0]);
    expect(finished.status).toBe(303);
    expect(decodeJwt((await exchange(config, finished.location, started)).access_token).amr).toEqual(['pwd', 'mfa', 'otp']);

    const second = await firstFactor(user);
    let page = second.mfaPage;
    for (let attempt = 0; attempt < 4; attempt++) {
      page = await postCode(second.agent, page, await wrongCode(user.secret));
      expect(page.status).toBe(400);
    }
    const ended = await postCode(second.agent, page, await wrongCode(user.secret));
    expect(ended.status).toBe(400);
    expect(ended.body).toContain('INVALID_OTP');
    // The transaction is over: even the right code cannot finish it.
    const after = await postCode(second.agent, page, await codeFor(user.secret, 1));
    expect(after.status).toBe(400);
    expect(after.body).toContain('INVALID_STATE');

    // The lockout counted the five: a new sign-in's code form refuses even the right code for now.
    const third = await firstFactor(user);
    const locked = await postCode(third.agent, third.mfaPage, await codeFor(user.secret, 1));
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('Too many failed sign-ins');
    expect(locked.body).toContain('action="/v3/oauth/login/mfa"');
  });

  it('refuses the form from another browser, and resuming the transaction asks for the code again', async () => {
    const user = await enrolled();
    const { agent, mfaPage } = await firstFactor(user);
    const stranger = await new BrowserAgent().post(`${testbed.gateway.url}/v3/oauth/login/mfa`, { login_tx: mfaPage.loginTx, mfa_token: mfaTokenOf(mfaPage), otp: await codeFor(user.secret, 1) });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toContain('INVALID_STATE');
    const resumed = await agent.get(`${testbed.gateway.url}/v3/oauth/resume?login_tx=${encodeURIComponent(mfaPage.loginTx)}`);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toContain('action="/v3/oauth/login/mfa"');
  });

  it('keeps accounts without an authenticator signing in with the password alone', async () => {
    const user = await signedInUser(testbed, tenant, `mfa-page${++users}`);
    const { callback } = await signInThroughLoginPage(testbed.gateway.url, config, REDIRECT_URI, { username: user.username, password: user.password });
    expect(callback.status).toBe(303);
    expect(new URL(callback.location).searchParams.get('code')).toBeTruthy();
  });
});
