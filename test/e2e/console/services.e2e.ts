import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ConsoleBrowser } from '../../support/console-browser';
import { Slapd, SUFFIX } from '../../support/slapd';

const SEED = readFileSync(join(__dirname, '../../support/ldap/directory.ldif'), 'utf8');
const READER_SECRET = 'reader-secret';

interface Service {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  secretsSet: string[];
  callbackUrl?: string;
}

/** Each check of a shown test result as `name: ok` / `name: failed`, in order. */
const checksOf = async (result: Locator) => (await result.getByRole('listitem').allTextContents()).map((text) => text.split(' — ')[0]);

/**
 * The console's auth service form in Chromium against the built server and a real slapd: an LDAP
 * service tested before it exists (a working config with a probe user, then a wrong bind password),
 * created, edited and tested again with its stored bind password; an OIDC service's callback URL.
 * Every test is checked over the admin API to have saved nothing.
 */
describe('console auth services in Chromium', () => {
  let browser: ConsoleBrowser;
  let slapd: Slapd;
  let page: Page;
  let organizationId: string;
  let environmentId: string;
  const api = <T>(path: string, init: RequestInit = {}) => browser.api<T>(path, init);
  // The environment's own services, without the built-in local one every environment has.
  const services = async () => (await api<{ rows: Service[] }>(`/v1/auth-services?environmentId=${environmentId}&limit=100`)).body.rows.filter((service) => service.type !== 'local');
  const named = async (name: string) => (await services()).find((service) => service.name === name)!;
  const auditActions = async () => (await api<{ rows: Array<{ action: string }> }>(`/v1/audit-events?organizationId=${organizationId}&limit=100`)).body.rows.map((row) => row.action);
  const testRequest = (path: string) => page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === path);

  beforeAll(async () => {
    [slapd, browser] = await Promise.all([Slapd.start({ seed: SEED }), ConsoleBrowser.start('rapidauth-console-services-')]);
    page = browser.page;
    ({ organizationId, environmentId } = await browser.environment({ organization: 'staff', app: 'intranet', environment: 'production' }));
    await browser.signIn();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), slapd?.destroy()]);
  });

  it('tests a new LDAP service before it exists: all checks ok with a probe user, then a wrong bind password fails as an alert; then creates it', async () => {
    await page.goto(`${browser.admin}/console/environments/${environmentId}/services`);
    await page.getByRole('button', { name: 'Add a service' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a service' });
    await dialog.getByLabel('Type', { exact: true }).selectOption({ label: 'LDAP' });
    await dialog.getByLabel('Name', { exact: true }).fill('Staff directory');
    await dialog.getByLabel("Redirect URI's").fill('https://intranet.example.com/callback');
    await dialog.getByLabel('Provider URI').fill(slapd.ldapsUrl);
    await dialog.getByLabel('Base DN').fill(`ou=people,${SUFFIX}`);
    await dialog.getByLabel('Bind DN').fill(`cn=reader,${SUFFIX}`);
    await dialog.getByLabel('Bind Password', { exact: true }).fill(READER_SECRET);
    await dialog.getByLabel('CA Certificate').fill(slapd.certificates.ca);
    const probe = dialog.getByRole('group', { name: 'Try a sign-in' });
    expect([await probe.getByLabel('Test username').inputValue(), await probe.getByLabel('Test password').inputValue()]).toEqual(['', '']);
    await probe.getByLabel('Test username').fill('alice');
    await probe.getByLabel('Test password').fill('alice-password');

    const sent = testRequest('/v1/auth-services/test');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    expect(JSON.parse((await sent).postData() ?? '{}')).toMatchObject({ name: 'Staff directory', type: 'ldap', probe: { username: 'alice' } });
    const works = dialog.getByRole('status', { name: 'Connection test result' });
    await works.getByText('Connection works').waitFor();
    expect(await checksOf(works)).toEqual(['connect: ok', 'tls: ok', 'bind: ok', 'search: ok', 'probe: ok']);
    await browser.screenshot('service-test-works', { showing: works });

    await dialog.getByLabel('Bind Password', { exact: true }).fill('not the reader secret');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const failed = dialog.getByRole('alert', { name: 'Connection test result' });
    await failed.getByText('Connection failed').waitFor();
    expect(await checksOf(failed)).toEqual(['connect: ok', 'tls: ok', 'bind: failed']);
    expect(await dialog.getByRole('status', { name: 'Connection test result' }).count()).toBe(0);
    await browser.screenshot('service-test-failed', { showing: failed });

    expect(await services()).toEqual([]);
    const actions = await auditActions();
    expect(actions.filter((action) => action === 'auth_service.test')).toHaveLength(2);
    expect(actions).not.toContain('auth_service.create');

    await dialog.getByLabel('Bind Password', { exact: true }).fill(READER_SECRET);
    await dialog.getByRole('button', { name: 'Create service' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Staff directory', exact: true }).waitFor();
    expect(await services()).toEqual([
      expect.objectContaining({ name: 'Staff directory', type: 'ldap', secretsSet: ['bindPassword'], config: expect.objectContaining({ providerUri: slapd.ldapsUrl, baseDn: `ou=people,${SUFFIX}` }) }),
    ]);
  });

  it('edits the service and tests it on its own /test with only the changed key, the empty bind password kept; nothing is saved', async () => {
    const { id } = await named('Staff directory');
    const stored = (await api<Service>(`/v1/auth-services/${id}`)).body;
    await page.getByRole('button', { name: 'Edit Staff directory' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Staff directory' });
    expect(await dialog.getByLabel('Bind Password', { exact: true }).inputValue()).toBe('');
    await dialog.getByLabel('Operation Timeout', { exact: true }).fill('4000');
    await dialog.getByLabel('Test username').fill('bob');
    await dialog.getByLabel('Test password').fill('bob-password');

    const sent = testRequest(`/v1/auth-services/${id}/test`);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    expect(JSON.parse((await sent).postData() ?? '{}')).toEqual({ config: { timeoutMs: 4000 }, probe: { username: 'bob', password: 'bob-password' } });
    const works = dialog.getByRole('status', { name: 'Connection test result' });
    await works.getByText('Connection works').waitFor();
    expect(await checksOf(works)).toEqual(['connect: ok', 'tls: ok', 'bind: ok', 'search: ok', 'probe: ok']);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api<Service>(`/v1/auth-services/${id}`)).body).toEqual(stored);
    expect(await auditActions()).not.toContain('auth_service.update');
  });

  it('adds an OIDC service and shows its callback URL to copy, as the API answers it; no request left the API and the console logged no error', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: browser.admin });
    await page.getByRole('button', { name: 'Add a service' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a service' });
    await dialog.getByLabel('Type', { exact: true }).selectOption({ label: 'OpenID Connect' });
    await dialog.getByLabel('Name', { exact: true }).fill('Partner OIDC');
    await dialog.getByLabel("Redirect URI's").fill('https://intranet.example.com/callback');
    await dialog.getByLabel('Provider URI').fill('https://idp.example.com/authorize');
    await dialog.getByLabel('Grant Endpoint').fill('https://idp.example.com/token');
    await dialog.getByLabel('Client Id').fill('rapidauth-intranet');
    await dialog.getByLabel('Client Secret').fill('the partner client secret 5d2f');
    await dialog.getByLabel('Issuer Identifier').fill('https://idp.example.com');
    expect(await dialog.getByRole('group', { name: 'Try a sign-in' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Create service' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Partner OIDC', exact: true }).waitFor();

    const oidc = await named('Partner OIDC');
    expect(oidc.callbackUrl).toMatch(new RegExp(`/oauth2/${oidc.id}/callback$`));
    const shown = page.getByLabel('Partner OIDC callback URL', { exact: true });
    expect(await shown.textContent()).toBe(oidc.callbackUrl);
    await page.getByRole('button', { name: 'Copy Partner OIDC callback URL' }).click();
    await page.getByText('Partner OIDC callback URL copied.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(oidc.callbackUrl);
    await browser.screenshot('services-callback-url');

    expect(browser.requestsOutsideTheApi()).toEqual([]);
    expect(browser.ownConsoleErrors()).toEqual([]);
  });
});
