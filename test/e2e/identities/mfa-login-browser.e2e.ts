import { createServer, type Server } from 'node:http';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { IdentityMethods } from '@rapidauth/identity';
import { accountCall, signedInUser } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { exchange } from '../../support/login-flow';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { freePort } from '../../support/server-process';
import { createTenant } from '../../support/tenant';
import { codeFor } from '../../support/totp-codes';
import { launchChromium } from '../../support/chromium';

const OTP_LABEL = 'The 6-digit code from your authenticator app, or a recovery code';

/**
 * The second factor on the hosted login page in real Chromium: the code, a wrong code, a recovery
 * code, and the QR enrolment under mfa.required (docs/gateway.md#second-factor-at-login).
 */
describe('second factor on the login page in Chromium', () => {
  let testbed: AdminTestbed;
  let browser: Browser;
  let app: Server;
  let appPort: number;
  const callbacks: string[] = [];
  let users = 0;


  beforeAll(async () => {
    testbed = await startAdminTestbed();
    appPort = await freePort();
    app = createServer((request, response) => {
      if (request.url?.startsWith('/callback')) callbacks.push(`http://127.0.0.1:${appPort}${request.url}`);
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><title>Signed in</title><p>Back in the app.</p>');
    });
    await new Promise<void>((resolve) => app.listen(appPort, '127.0.0.1', resolve));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => app?.close(resolve));
    await testbed?.stop();
  });

  /** A page of its own browser context, and what its policy refused. */
  const newPage = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    // A wrong code's page is a 400, which Chromium logs too: only what the page's policy refused counts.
    page.on('console', (message) => message.type() === 'error' && /Content Security Policy|Refused/.test(message.text()) && violations.push(message.text()));
    return { context, page, violations };
  };

  /** An enrolled user and a page at the code form after its password. */
  const atCodeForm = async () => {
    const tenant = await createTenant(testbed.gateway.provisioner);
    const config = await nativeAppConfig(testbed.gateway, tenant.environment.id, { name: 'Native app', firstParty: true, redirectUris: ['http://127.0.0.1/callback'] });
    const user = await signedInUser(testbed, tenant, `mfa-browser${++users}`);
    const { body } = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    const confirmed = await accountCall(testbed.gateway.url, 'POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: await codeFor(body.secret) });
    const started = await startAuthorization(config, `http://127.0.0.1:${appPort}/callback`);
    const { context, page, violations } = await newPage();
    await page.goto(started.url);
    await page.getByLabel('Username or email').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await Promise.all([page.waitForURL('**/v3/oauth/login'), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.getByRole('heading').textContent()).toBe('Two-step verification');
    expect(await page.getByLabel(OTP_LABEL).getAttribute('autocomplete')).toBe('one-time-code');
    return { user, config, started, context, page, violations, secret: body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  };
  const submit = (page: Page, code: string, waitFor: string) =>
    Promise.all([page.waitForURL(waitFor), page.getByLabel(OTP_LABEL).fill(code).then(() => page.getByRole('button', { name: 'Verify' }).click())]);

  it('takes the authenticator code and lands on the app with amr pwd mfa otp', async () => {
    const { page, context, config, started, secret, violations } = await atCodeForm();
    const before = callbacks.length;
    await submit(page, await codeFor(secret, 1), `http://127.0.0.1:${appPort}/callback?**`);
    expect(violations).toEqual([]);
    expect(callbacks).toHaveLength(before + 1);
    const tokens = await exchange(config, callbacks[before], started);
    expect(decodeJwt(tokens.access_token).amr).toEqual(['pwd', 'mfa', 'otp']);
    await context.close();
  });

  it('enrols under mfa.required: the QR code and key, the first code, the recovery codes once, then Continue lands on the app', async () => {
    const tenant = await createTenant(testbed.gateway.provisioner);
    await testbed.gateway.get(IdentityMethods).update(tenant.environment.id, { mfa: { required: true } });
    const config = await nativeAppConfig(testbed.gateway, tenant.environment.id, { name: 'Native app', firstParty: true, redirectUris: ['http://127.0.0.1/callback'] });
    const username = `mfa-browser${++users}`;
    const password = `${username} has a strong password`;
    const { body: user } = await testbed.api('POST', `/v1/environments/${tenant.environment.id}/users`, { username, password });
    const started = await startAuthorization(config, `http://127.0.0.1:${appPort}/callback`);
    const { context, page, violations } = await newPage();
    await page.goto(started.url);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForURL('**/v3/oauth/login'), page.getByRole('button', { name: 'Sign in' }).click()]);

    expect(await page.getByRole('heading').textContent()).toBe('Set up two-step verification');
    // The inline SVG QR code is drawn under the page's policy: it has a size on the page.
    const qr = await page.getByRole('img', { name: /QR code/ }).boundingBox();
    expect(qr?.width).toBeGreaterThan(100);
    expect(qr?.height).toBeGreaterThan(100);
    const secret = (await page.locator('#totp-secret').textContent()) as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const field = page.getByLabel('The 6-digit code from your authenticator app', { exact: true });
    expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
    await field.fill(await codeFor(secret));
    await Promise.all([page.waitForURL('**/v3/oauth/login/mfa'), page.getByRole('button', { name: 'Verify' }).click()]);

    expect(await page.getByRole('heading').textContent()).toBe('Save your recovery codes');
    const recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const before = callbacks.length;
    await Promise.all([page.waitForURL(`http://127.0.0.1:${appPort}/callback?**`), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(violations).toEqual([]);
    expect(callbacks).toHaveLength(before + 1);
    const tokens = await exchange(config, callbacks[before], started);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: user.uid, amr: ['pwd', 'mfa', 'otp'] });
    // Going back does not show the codes again: the page was never stored (no-store), and Chromium would have to post the code again.
    await expect(page.goBack()).rejects.toThrow('ERR_CACHE_MISS');
    await context.close();
  });

  it('shows a wrong code again with its alert, then takes a recovery code', async () => {
    const { page, context, config, started, secret, recoveryCodes, violations } = await atCodeForm();
    const near = await Promise.all([-1, 0, 1].map((offset) => codeFor(secret, offset)));
    const wrong = ['000000', '111111', '222222'].find((code) => !near.includes(code)) as string;
    await submit(page, wrong, '**/v3/oauth/login/mfa');
    expect(await page.getByRole('alert').textContent()).toBe('Wrong code. 4 attempts left.');
    const before = callbacks.length;
    await submit(page, recoveryCodes[0], `http://127.0.0.1:${appPort}/callback?**`);
    expect(violations).toEqual([]);
    const tokens = await exchange(config, callbacks[before], started);
    expect(decodeJwt(tokens.access_token).amr).toEqual(['pwd', 'mfa', 'otp']);
    await context.close();
  });
});
