import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { LocalIdentities } from '@rapidauth/identity';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { exchange } from '../../support/login-flow';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { freePort } from '../../support/server-process';
import { createTenant } from '../../support/tenant';
import { launchChromium } from '../../support/chromium';

/** One sign-in through the hosted login page in real Chromium, back to a native app's loopback redirect. */
describe('login page in Chromium', () => {
  let gateway: GatewayInstance;
  let browser: Browser;
  let app: Server;
  let appPort: number;
  const callbacks: string[] = [];

  beforeAll(async () => {
    gateway = await startScratchGateway();
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
    await gateway?.stop();
  });

  it('signs in with the keyboard and mouse and lands on the app with a code the app can exchange', async () => {
    const tenant = await createTenant(gateway.provisioner);
    const config = await nativeAppConfig(gateway, tenant.environment.id, { name: 'Native app', firstParty: true, redirectUris: ['http://127.0.0.1/callback'] });
    await gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'dana', password: 'dana types slowly' });
    const started = await startAuthorization(config, `http://127.0.0.1:${appPort}/callback`);

    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => message.type() === 'error' && violations.push(message.text()));
    await page.goto(started.url);
    await page.getByLabel('Username or email').fill('dana');
    await page.getByLabel('Password').fill('dana types slowly');
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/login-page.png` });
    await Promise.all([page.waitForURL(`http://127.0.0.1:${appPort}/callback?**`), page.getByRole('button', { name: 'Sign in' }).click()]);

    expect(violations).toEqual([]);
    expect(callbacks).toHaveLength(1);
    const tokens = await exchange(config, callbacks[0], started);
    expect(tokens.claims()?.sub).toEqual(expect.any(String));
    await context.close();
  });
});
