import type { Page } from 'playwright-core';
import { ConsoleBrowser } from '../../support/console-browser';

interface Created {
  readonly id: string;
}

/**
 * The console's editing and deleting of organizations, apps and environments, authorities on an
 * environment, an admin's authorities and enabling, and the vault keys, in real Chromium against the
 * built server; each result checked over the admin API (and the rotated appSecret at the gateway).
 */
describe('console: organizations, apps, environments, admins and the vault in Chromium', () => {
  let browser: ConsoleBrowser;
  let page: Page;
  let tenant: Awaited<ReturnType<ConsoleBrowser['environment']>>;
  let bob: Created;
  const api = <T>(path: string, init: RequestInit = {}) => browser.api<T>(path, init);
  const post = async <T>(path: string, body: unknown) => (await api<T>(path, { method: 'POST', body: JSON.stringify(body) })).body;

  /** Whether the gateway takes the environment's credentials (any answer but 401 invalid_client). */
  const authenticates = async (appSecret: string): Promise<boolean> => {
    const answer = await fetch(`${browser.gateway}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${encodeURIComponent(tenant.appKey)}:${encodeURIComponent(appSecret)}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    const body = (await answer.json()) as { error?: string };
    return !(answer.status === 401 && body.error === 'invalid_client');
  };

  beforeAll(async () => {
    browser = await ConsoleBrowser.start('rapidauth-console-org-ops-');
    page = browser.page;
    tenant = await browser.environment({ organization: 'ops-org', app: 'ops-app', environment: 'ops-env' });
    bob = await post<Created>('/v1/admins', { username: 'ops-bob', password: 'a long password for bob' });
    await browser.signIn();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('edits the organization and the app', async () => {
    await page.goto(`${browser.admin}/console/organizations/${tenant.organizationId}`);
    await page.getByRole('heading', { name: 'ops-org', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit organization' }).click();
    const editOrganization = page.getByRole('dialog', { name: 'Edit organization' });
    await editOrganization.getByLabel('Display name').fill('Ops Holding');
    await browser.screenshot('organization-edit');
    await editOrganization.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Ops Holding', { exact: true }).waitFor();
    expect((await api<{ displayName: string; enabled: boolean }>(`/v1/organizations/${tenant.organizationId}`)).body).toMatchObject({ displayName: 'Ops Holding', enabled: true });

    await page.getByRole('link', { name: 'ops-app' }).click();
    await page.getByRole('heading', { name: 'ops-app', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit app' }).click();
    const editApp = page.getByRole('dialog', { name: 'Edit app' });
    await editApp.getByLabel('Display name').fill('Ops App');
    await editApp.getByRole('option', { name: 'ops-env' }).waitFor({ state: 'attached' });
    await editApp.getByLabel('Default environment').selectOption({ label: 'ops-env' });
    await editApp.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Ops App', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Environments' }).getByRole('cell', { name: 'Default', exact: true }).waitFor();
    await browser.screenshot('app-edited');
    expect((await api<{ displayName: string; defaultEnvironmentId: string }>(`/v1/apps/${tenant.appId}`)).body).toMatchObject({ displayName: 'Ops App', defaultEnvironmentId: tenant.environmentId });
  });

  it('rotates the environment secret: the old one stops authenticating, the new one shown once works', async () => {
    expect(await authenticates(tenant.appSecret)).toBe(true);
    await page.getByRole('link', { name: 'ops-env' }).click();
    await page.getByRole('heading', { name: 'ops-env', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const confirm = page.getByRole('dialog', { name: 'Rotate the environment secret' });
    expect(await confirm.textContent()).toContain('stop authenticating');
    await confirm.getByRole('button', { name: 'Rotate' }).click();
    const shown = page.getByRole('dialog', { name: 'New environment secret' });
    const appSecret = (await shown.getByLabel('App secret', { exact: true }).textContent())!;
    expect(appSecret).toMatch(/\S{16,}/);
    expect(appSecret).not.toBe(tenant.appSecret);
    await browser.screenshot('environment-secret-rotated');
    await shown.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByText(appSecret).count()).toBe(0);
    expect(await authenticates(tenant.appSecret)).toBe(false);
    expect(await authenticates(appSecret)).toBe(true);

    await page.getByRole('button', { name: 'Edit environment' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit environment' });
    await edit.getByLabel('Custom scopes').fill('orders:read\norders:write');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The settings of ops-env are saved.').waitFor();
    expect((await api<{ customScopes: string[] }>(`/v1/environments/${tenant.environmentId}`)).body.customScopes).toEqual(['orders:read', 'orders:write']);
  });

  it('grants a role on the environment to a new admin, shown under Admins, and disables and enables that admin', async () => {
    await page.goto(`${browser.admin}/console/organizations/${tenant.organizationId}`);
    const authorities = page.getByRole('region', { name: 'Authorities' });
    await authorities.getByRole('button', { name: 'Grant a role' }).first().click();
    const grant = page.getByRole('dialog', { name: 'Grant a role' });
    await grant.getByLabel('Admin', { exact: true }).selectOption({ label: 'ops-bob' });
    await grant.getByLabel('Role').selectOption({ label: 'operator' });
    await grant.getByLabel('Target').selectOption({ label: 'Environment ops-env of ops-app' });
    await grant.getByRole('button', { name: 'Grant' }).click();
    await authorities.getByRole('cell', { name: 'Admin ops-bob', exact: true }).waitFor();
    const held = await api<{ rows: Array<{ role: string; target: { type: string; id: string } }> }>(`/v1/authorities?principalType=admin&principalId=${bob.id}`);
    expect(held.body.rows).toEqual([expect.objectContaining({ role: 'operator', target: { type: 'environment', id: tenant.environmentId } })]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admins' }).click();
    await page.getByRole('button', { name: 'Authorities of ops-bob' }).click();
    const list = page.getByRole('dialog', { name: 'Authorities of ops-bob' });
    await list.getByRole('cell', { name: 'Environment ops-env of ops-app', exact: true }).waitFor();
    expect(await list.getByRole('cell', { name: 'operator', exact: true }).count()).toBe(1);
    await browser.screenshot('admin-authorities');
    await list.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Disable ops-bob', exact: true }).click();
    await page.getByRole('button', { name: 'Enable ops-bob', exact: true }).waitFor();
    expect((await api<{ disabled: boolean }>(`/v1/admins/${bob.id}`)).body.disabled).toBe(true);
    await page.getByRole('button', { name: 'Enable ops-bob', exact: true }).click();
    await page.getByRole('button', { name: 'Disable ops-bob', exact: true }).waitFor();
    expect((await api<{ disabled: boolean }>(`/v1/admins/${bob.id}`)).body.disabled).toBe(false);
  });

  it('deletes the environment and then the app, each by typing its name', async () => {
    await page.goto(`${browser.admin}/console/environments/${tenant.environmentId}`);
    await page.getByRole('heading', { name: 'ops-env', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Delete environment' }).click();
    const deleteEnvironment = page.getByRole('dialog', { name: 'Delete environment' });
    await deleteEnvironment.getByLabel('Type ops-env to confirm').fill('ops-env');
    await browser.screenshot('environment-delete');
    await deleteEnvironment.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'ops-app', level: 1 }).waitFor();
    await page.getByText('No environments yet').waitFor();
    expect((await api(`/v1/environments/${tenant.environmentId}`)).status).toBe(404);

    await page.getByRole('region', { name: 'Delete' }).getByRole('button', { name: 'Delete app' }).click();
    const deleteApp = page.getByRole('dialog', { name: 'Delete app' });
    await deleteApp.getByLabel('Type ops-app to confirm').fill('ops-app');
    await deleteApp.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'ops-org', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Apps' }).getByText('No apps yet').waitFor();
    expect((await api(`/v1/apps/${tenant.appId}`)).status).toBe(404);
  });

  it('shows what each vault master key seals and rotates after a confirmation', async () => {
    const keys = (await api<{ currentKeyId: string; keys: Array<{ keyId: string; current: boolean; signingKeys: number }> }>('/v1/vault/keys')).body;
    const current = keys.keys.find((key) => key.current)!;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).click();
    const vault = page.getByRole('region', { name: 'Vault master keys' });
    const row = vault.getByRole('row', { name: new RegExp(`^${current.keyId} Current`) });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(4).textContent()).toBe(String(current.signingKeys));
    await vault.getByRole('button', { name: 'Rotate vault key' }).click();
    await page.getByRole('dialog', { name: 'Rotate vault key?' }).getByRole('button', { name: 'Rotate' }).click();
    const result = vault.getByRole('status', { name: 'Vault rotation result' });
    await result.waitFor();
    expect(await result.textContent()).toContain(`Sealed again under ${keys.currentKeyId}: 0 vault entries`);
    await browser.screenshot('operations-vault');
    expect(browser.requestsOutsideTheApi()).toEqual([]);
    expect(browser.ownConsoleErrors()).toEqual([]);
  });
});
