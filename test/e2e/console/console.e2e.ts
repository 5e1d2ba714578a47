import type { BrowserContext, Page } from 'playwright-core';
import { CONSOLE_OWNER as OWNER, ConsoleBrowser } from '../../support/console-browser';

/**
 * The admin console in real Chromium against the built server as `npm start` runs it (embedded
 * database, bootstrap admin): driven by roles, labels and visible text only, each result checked
 * over the admin API, and every request the page made recorded.
 */
describe('admin console in Chromium', () => {
  let browser: ConsoleBrowser;
  let admin: string;
  let context: BrowserContext;
  let page: Page;
  const api = <T>(path: string, init: RequestInit = {}) => browser.api<T>(path, init);
  const screenshot = (name: string) => browser.screenshot(name);

  beforeAll(async () => {
    browser = await ConsoleBrowser.start('rapidauth-console-');
    ({ admin, context, page } = browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in, refusing a wrong password with the API message and keeping the fields', async () => {
    await page.goto(`${admin}/`);
    await page.getByRole('heading', { name: 'Sign in to RapidAuth' }).waitFor();
    await screenshot('sign-in');
    await page.getByLabel('Username').fill(OWNER.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Username').inputValue()).toBe(OWNER.username);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).waitFor();
    expect(await page.getByText(OWNER.username, { exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect((await context.cookies()).length).toBe(0);
  });
  it('creates an organization, an app and an environment, each secret shown once', async () => {
    await screenshot('organizations-empty');
    await page.getByRole('button', { name: 'New organization' }).first().click();
    const create = page.getByRole('dialog', { name: 'New organization' });
    await create.getByLabel('Name', { exact: true }).fill('acme');
    await create.getByLabel('Display name').fill('Acme Corp');
    await create.getByRole('button', { name: 'Create' }).click();
    const created = page.getByRole('dialog', { name: 'Organization created' });
    await created.waitFor();
    const clientSecret = await created.getByLabel('Client secret', { exact: true }).textContent();
    expect(clientSecret).toMatch(/\S{16,}/);
    await created.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByText(clientSecret!).count()).toBe(0);
    const organizations = await api<{ rows: Array<{ id: string; name: string }> }>('/v1/organizations');
    const organization = organizations.body.rows.find((row) => row.name === 'acme')!;
    expect(organization).toBeDefined();
    await screenshot('organizations');

    await page.getByRole('link', { name: 'acme' }).click();
    await page.getByRole('heading', { name: 'acme', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New app' }).first().click();
    const newApp = page.getByRole('dialog', { name: 'New app' });
    await newApp.getByLabel('Name', { exact: true }).fill('mobile');
    await newApp.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: 'mobile' }).waitFor();
    await screenshot('organization');
    await page.getByRole('link', { name: 'mobile' }).click();
    await page.getByRole('heading', { name: 'mobile', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New environment' }).first().click();
    const newEnvironment = page.getByRole('dialog', { name: 'New environment' });
    await newEnvironment.getByLabel('Name', { exact: true }).fill('production');
    await newEnvironment.getByRole('button', { name: 'Create' }).click();
    const environmentCreated = page.getByRole('dialog', { name: 'Environment created' });
    await environmentCreated.waitFor();
    expect(await environmentCreated.getByLabel('App secret', { exact: true }).textContent()).toMatch(/\S{16,}/);
    await environmentCreated.getByRole('button', { name: 'Done' }).click();
    await screenshot('app');
    const apps = await api<{ rows: Array<{ id: string; name: string }> }>(`/v1/organizations/${organization.id}/apps`);
    const environments = await api<{ rows: Array<{ id: string; name: string }> }>(`/v1/apps/${apps.body.rows[0].id}/environments`);
    expect(environments.body.rows.map((row) => row.name)).toEqual(['production']);
    environmentId = environments.body.rows[0].id;
  });

  let environmentId: string;

  it('adds an LDAP service through the generated form, refusing an empty Base DN, and makes it the default', async () => {
    await page.getByRole('link', { name: 'production' }).click();
    await page.getByRole('heading', { name: 'production', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Auth services' }).click();
    await page.getByRole('button', { name: 'Add a service' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a service' });
    await dialog.getByLabel('Type', { exact: true }).selectOption({ label: 'LDAP' });
    await dialog.getByLabel('Name', { exact: true }).fill('corporate-ldap');
    await dialog.getByLabel('Provider URI').fill('ldaps://ldap.example.com');
    await dialog.getByRole('button', { name: 'Create service' }).click();
    const baseDn = dialog.getByLabel('Base DN');
    expect(await baseDn.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('alert').first().isVisible()).toBe(true);
    await screenshot('service-form-error');
    const before = await api<{ rows: Array<{ name: string }> }>(`/v1/auth-services?environmentId=${environmentId}`);
    expect(before.body.rows.map((row) => row.name)).not.toContain('corporate-ldap');
    await baseDn.fill('ou=people,dc=example,dc=com');
    await dialog.getByRole('button', { name: 'Create service' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'corporate-ldap', exact: true }).waitFor();
    await screenshot('services');
    const after = await api<{ rows: Array<{ id: string; name: string; type: string; config: Record<string, unknown> }> }>(`/v1/auth-services?environmentId=${environmentId}`);
    const ldap = after.body.rows.find((row) => row.name === 'corporate-ldap')!;
    expect(ldap).toMatchObject({ type: 'ldap', config: expect.objectContaining({ baseDn: 'ou=people,dc=example,dc=com', providerUri: 'ldaps://ldap.example.com' }) });

    await page.getByRole('tab', { name: 'Identity' }).click();
    await page.getByRole('group', { name: 'Enabled services' }).getByLabel(/^corporate-ldap/).check();
    await page.getByRole('group', { name: 'Default service' }).getByLabel(/^corporate-ldap/).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/saved/i).first().waitFor();
    await screenshot('identity');
    const environment = await api<{ defaultServiceId: string | null }>(`/v1/environments/${environmentId}`);
    expect(environment.body.defaultServiceId).toBe(ldap.id);
  });

  it('creates a client, a user and an authentication grant (key and secret once), and disables the grant', async () => {
    await page.getByRole('tab', { name: 'Clients' }).click();
    await page.getByRole('button', { name: 'New client' }).first().click();
    const newClient = page.getByRole('dialog', { name: 'New client' });
    await newClient.getByLabel('Name', { exact: true }).fill('web-app');
    await newClient.getByLabel('Redirect URIs', { exact: true }).fill('https://app.example.com/callback');
    await newClient.getByRole('button', { name: 'Create' }).click();
    const clientCreated = page.getByRole('dialog', { name: 'Client web-app created' });
    await clientCreated.waitFor();
    await clientCreated.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'web-app', exact: true }).waitFor();
    await screenshot('clients');
    const clients = await api<{ rows: Array<{ name: string }> }>(`/v1/environments/${environmentId}/clients`);
    expect(clients.body.rows.map((row) => row.name)).toContain('web-app');

    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).first().click();
    const newUser = page.getByRole('dialog', { name: 'New user' });
    await newUser.getByLabel('Username', { exact: true }).fill('dana');
    await newUser.getByLabel('Password', { exact: true }).fill('dana has a long password');
    await newUser.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'Disable dana', exact: true }).waitFor();
    await screenshot('users');

    await page.getByRole('tab', { name: 'Authentication grants' }).click();
    await page.getByRole('button', { name: 'New grant' }).first().click();
    const newGrant = page.getByRole('dialog', { name: 'New grant' });
    await newGrant.getByLabel('Title', { exact: true }).fill('iPad application');
    const client = newGrant.getByLabel('Client', { exact: true });
    if ((await client.evaluate((element) => element.tagName)) === 'SELECT') await client.selectOption({ index: 1 });
    const principal = newGrant.getByLabel('Principal', { exact: true });
    await principal.selectOption({ label: 'dana' });
    await newGrant.getByRole('button', { name: 'Create' }).click();
    const grantCreated = page.getByRole('dialog', { name: /^Grant .* created$/ });
    await grantCreated.waitFor();
    const key = await grantCreated.getByLabel('Key', { exact: true }).textContent();
    const secret = await grantCreated.getByLabel('Secret', { exact: true }).textContent();
    expect(key).toMatch(/\S+/);
    expect(secret).toMatch(/\S{16,}/);
    await grantCreated.getByRole('button', { name: 'Copy Secret' }).click();
    await grantCreated.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByText(secret!).count()).toBe(0);
    await page.getByRole('button', { name: /^Disable iPad application/ }).click();
    await page.getByRole('button', { name: /^Enable iPad application/ }).waitFor();
    await screenshot('grants');
    const grants = await api<{ rows: Array<{ title: string; enabled: boolean; key: string }> }>('/v1/authentication-grants/query', { method: 'POST', body: JSON.stringify({ query: {} }) });
    expect(grants.body.rows.find((row) => row.title === 'iPad application')).toMatchObject({ enabled: false, key });
  });

  it('filters the audit log', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const table = page.getByRole('table');
    for (const column of ['Time', 'Actor', 'Action', 'Target', 'Outcome']) await table.getByRole('columnheader', { name: column }).waitFor();
    await page.getByRole('cell', { name: 'grant.create', exact: true }).first().waitFor();
    await page.getByLabel('Action', { exact: true }).fill('grant.disable');
    await page.getByRole('cell', { name: 'grant.create', exact: true }).first().waitFor({ state: 'detached' });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain('grant.disable');
    await screenshot('audit-log');
  });

  it('lists the admins and runs the expiry cleanup from Operations', async () => {
    const main = page.getByRole('navigation', { name: 'Main' });
    await main.getByRole('link', { name: 'Admins' }).click();
    await page.getByRole('heading', { name: 'Admins', level: 1 }).waitFor();
    await page.getByRole('cell', { name: OWNER.username, exact: true }).waitFor();
    await screenshot('admins');
    await main.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Expiry cleanup' }).waitFor();
    await page.getByRole('button', { name: 'Run cleanup now' }).click();
    await page.getByText(/^Cleanup finished: success\.$/).waitFor();
    await screenshot('operations');
    const cleanup = await api<{ lastRun: { outcome: string } | null }>('/v1/operations/cleanup');
    expect(cleanup.body.lastRun?.outcome).toBe('success');
  });

  it('works with the keyboard alone: visible focus, dialogs keep focus inside, Escape closes and gives it back', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    const opener = page.getByRole('button', { name: 'New organization' }).first();
    await opener.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate("document.activeElement.textContent.trim()")).toBe('New organization');
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).not.toBe('none');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New organization' });
    await dialog.waitFor();
    for (let press = 0; press < 8; press += 1) {
      expect(await page.evaluate("document.activeElement !== null && document.activeElement.closest('dialog[open]') !== null")).toBe(true);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate("document.activeElement.textContent.trim()")).toBe('New organization');
  });

  it('signs out: the token it held no longer works, and only the public admin API was called', async () => {
    const held = JSON.parse((await page.evaluate('JSON.stringify(Object.values(sessionStorage))')) as string) as string[];
    const token = (JSON.parse(held[0]) as { token: string }).token;
    expect((await fetch(`${admin}/v1/organizations`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to RapidAuth' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect((await fetch(`${admin}/v1/organizations`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);

    expect(browser.requestsOutsideTheApi()).toEqual([]);
    expect(browser.ownConsoleErrors()).toEqual([]);
  });
});
