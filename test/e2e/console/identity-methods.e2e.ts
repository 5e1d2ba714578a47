import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { ConsoleBrowser } from '../../support/console-browser';

const SECRET = 'the shop backend signs its custom tokens with this 5b2d';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ANONYMOUS = 'urn:rapidauth:grant-type:anonymous';

interface IdentityMethods {
  anonymous: { enabled: boolean; ttlSeconds: number };
  customToken: { enabled: boolean; algorithm: string; secretSet: boolean };
  otp: { length: number };
  phone: { allowedCountryCodes: string[] };
}

/**
 * The Identity tab's sign-in methods in Chromium against the built server: anonymous and custom-token
 * logins switched on in the console, checked over the admin API (the secret never answered) and at
 * the gateway, where both logins then succeed; a value out of range, or one only the API refuses,
 * shows beside its field and changes nothing.
 */
describe('console: sign-in methods in Chromium', () => {
  let browser: ConsoleBrowser;
  let page: Page;
  let environmentId: string;
  let clientId: string;
  const methodsPath = () => `/v1/environments/${environmentId}/identity-methods`;
  const methods = async () => {
    const answer = await browser.api<IdentityMethods>(methodsPath());
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const section = () => page.getByRole('region', { name: 'Sign-in methods' });
  const group = (name: string) => section().getByRole('group', { name });
  const login = async (path: string, body: Record<string, unknown>) => {
    const answer = await fetch(`${browser.gateway}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: clientId, ...body }) });
    return { status: answer.status, body: (await answer.json()) as { auth?: { provider: string }; code?: string } };
  };
  const customToken = async (sub: string) => {
    const audience = ((await (await fetch(`${browser.gateway}/.well-known/openid-configuration`)).json()) as { token_endpoint: string }).token_endpoint;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub, aud: audience, jti: randomUUID(), iat: now, exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
  };

  beforeAll(async () => {
    browser = await ConsoleBrowser.start('rapidauth-console-identity-methods-');
    page = browser.page;
    ({ environmentId } = await browser.environment({ organization: 'methods-org', app: 'methods-app', environment: 'production' }));
    const client = await browser.api<{ clientId: string }>(`/v1/environments/${environmentId}/clients`, {
      method: 'POST',
      body: JSON.stringify({ name: 'shop app', type: 'public', applicationType: 'native', firstParty: true, redirectUris: ['http://127.0.0.1/callback'], grantTypes: ['authorization_code', JWT_BEARER, ANONYMOUS] }),
    });
    expect(client.status).toBe(201);
    clientId = client.body.clientId;
    await browser.signIn();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('enables anonymous and custom-token logins with a secret, which then work at the gateway', async () => {
    expect((await login('/v3/auth/anonymous', {})).body.code).toBe('PROVIDER_DISABLED');
    await page.goto(`${browser.admin}/console/environments/${environmentId}/identity`);
    await group('Anonymous sign-in').waitFor();
    await group('Custom tokens').getByText('No secret set').waitFor();
    await browser.screenshot('identity-methods');

    await group('Anonymous sign-in').getByRole('checkbox', { name: 'Enabled' }).check();
    await group('Custom tokens').getByRole('checkbox', { name: 'Enabled' }).check();
    await group('Custom tokens').getByLabel('Secret', { exact: true }).fill(SECRET);
    await section().getByRole('button', { name: 'Save sign-in methods' }).click();
    await section().getByRole('status').getByText('Saved.').waitFor();
    await group('Custom tokens').getByText('A secret is set').waitFor();
    expect(await group('Custom tokens').getByLabel('Replace secret').inputValue()).toBe('');

    const saved = await browser.api<unknown>(methodsPath());
    expect(saved.body).toMatchObject({ anonymous: { enabled: true }, customToken: { enabled: true, algorithm: 'HS256', secretSet: true } });
    expect(JSON.stringify(saved.body)).not.toContain(SECRET);

    const anonymous = await login('/v3/auth/anonymous', {});
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.auth?.provider).toBe('anonymous');
    const custom = await login('/v3/auth/custom', { token: await customToken('dana-web') });
    expect(custom.status).toBe(200);
    expect(custom.body.auth?.provider).toBe('custom');
  });

  it('shows a number out of range, and a country only the API refuses, beside its field; nothing changes', async () => {
    const before = await methods();
    const digits = group('One-time codes').getByRole('spinbutton', { name: 'Digits per code' });
    await digits.fill('11');
    await section().getByRole('button', { name: 'Save sign-in methods' }).click();
    await group('One-time codes').getByText('A whole number from 4 to 10.').waitFor();
    expect(await digits.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.labels[0].textContent')).toBe('Digits per code');
    expect(await section().getByRole('alert').textContent()).toBe('Fix the fields marked below.');
    await browser.screenshot('identity-methods-invalid');
    expect(await methods()).toEqual(before);

    await digits.fill('8');
    const countries = group('Phone sign-in').getByRole('textbox', { name: 'Allowed countries' });
    await countries.fill('XX');
    await section().getByRole('button', { name: 'Save sign-in methods' }).click();
    await group('Phone sign-in').getByText('"XX" must be an ISO 3166-1 alpha-2 country code', { exact: false }).waitFor();
    expect(await countries.getAttribute('aria-invalid')).toBe('true');
    expect(await digits.getAttribute('aria-invalid')).toBe('false');
    expect(await methods()).toEqual(before);

    expect(browser.requestsOutsideTheApi()).toEqual([]);
    expect(browser.ownConsoleErrors()).toEqual([]);
  });
});
