import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../../app/session-context';
import { registryTypes } from '../../../forms/test-support/registry-types';
import { fakeApi, signedIn, type Routes } from '../../../test-support/fake-api';
import { ServicesTab } from './ServicesTab';
import type { AuthService } from './types';

const TYPES = registryTypes();
const label = (type: string) => TYPES.find((candidate) => candidate.type === type)!.label;

const service = (overrides: Partial<AuthService>): AuthService => ({
  id: 'svc-ldap',
  name: 'Corporate LDAP',
  description: null,
  type: 'ldap',
  scope: { environmentId: 'env-1' },
  config: { redirectUris: ['https://app.example.com/cb'], allowedAttributes: [], providerUri: 'ldaps://ldap.example.com', baseDn: 'ou=people,dc=example,dc=com', poolSize: 4 },
  secretsSet: [],
  enabled: true,
  loginAvailable: true,
  ...overrides,
});
const LDAP = service({});
const SAML = service({
  id: 'svc-saml',
  name: 'Partner SAML',
  type: 'saml-post',
  scope: { organizationId: 'org-1' },
  enabled: false,
  spMetadataUrls: { v1: 'https://auth.example.com/saml/svc-saml/metadata', v2: 'https://auth.example.com/v2/saml/svc-saml/metadata' },
});
const OIDC = service({
  id: 'svc-oidc',
  name: 'Partner OIDC',
  type: 'oidc',
  callbackUrl: 'https://auth.example.com/oauth2/svc-oidc/callback',
});
const page = (rows: AuthService[]) => [200, { total: rows.length, limit: 20, skip: 0, rows }] as const;

function renderTab(routes: Routes) {
  signedIn();
  const api = fakeApi({ 'GET /v1/auth-service-types': [200, TYPES], ...routes });
  render(
    <MemoryRouter>
      <SessionProvider fetchImpl={api.impl}>
        <ServicesTab environmentId="env-1" organizationId="org-1" />
      </SessionProvider>
    </MemoryRouter>,
  );
  return api;
}

const sent = (api: ReturnType<typeof fakeApi>, method: string, path: string) => api.calls.filter((call) => call.method === method && call.url.split('?')[0] === path);

// Typing is simulated key by key: generous timeouts for shared, busy machines.
describe('the Auth services tab', { timeout: 30_000 }, () => {
  it("lists the environment's services with type label, scope and state", async () => {
    const api = renderTab({ 'GET /v1/auth-services': page([LDAP, SAML]) });
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Name', 'Type', 'Scope', 'Enabled', 'Actions']);
    const rows = within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').slice(0, 4).map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Corporate LDAP', label('ldap'), 'This environment', 'Yes'],
      ['Partner SAML', label('saml-post'), 'Organization', 'No'],
    ]);
    expect(sent(api, 'GET', '/v1/auth-services')[0].url).toBe('/v1/auth-services?environmentId=env-1&limit=20&skip=0');
  });

  it('shows an empty state with the create button', async () => {
    renderTab({ 'GET /v1/auth-services': page([]) });
    expect(await screen.findByText('No auth services yet.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add a service' })).toBeTruthy();
  });

  it('shows the SP metadata URLs of SAML services to copy', async () => {
    const user = userEvent.setup();
    renderTab({ 'GET /v1/auth-services': page([LDAP, SAML]) });
    const v2 = await screen.findByLabelText('Partner SAML v2 metadata URL');
    expect(v2.textContent).toBe(SAML.spMetadataUrls!.v2);
    expect(screen.getByLabelText('Partner SAML v1 metadata URL').textContent).toBe(SAML.spMetadataUrls!.v1);
    expect(screen.queryByLabelText(/Corporate LDAP v\d metadata URL/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Copy Partner SAML v1 metadata URL' }));
    expect(await navigator.clipboard.readText()).toBe(SAML.spMetadataUrls!.v1);
  });

  it('shows the callback URL of OAuth2, OIDC and Facebook services to copy', async () => {
    const user = userEvent.setup();
    renderTab({ 'GET /v1/auth-services': page([LDAP, OIDC, SAML]) });
    const callback = await screen.findByLabelText('Partner OIDC callback URL');
    expect(callback.textContent).toBe(OIDC.callbackUrl);
    expect(screen.queryByLabelText(/(Corporate LDAP|Partner SAML) callback URL/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Copy Partner OIDC callback URL' }));
    expect(await navigator.clipboard.readText()).toBe(OIDC.callbackUrl);
    expect(screen.getByText('Partner OIDC callback URL copied.')).toBeTruthy();
  });

  it('adds a service through the generated form: a missing Base DN is refused before sending, then created', async () => {
    let listed: AuthService[] = [];
    const api = renderTab({
      'GET /v1/auth-services': () => page(listed),
      'POST /v1/auth-services': (call) => {
        listed = [service({ name: (call.body as { name: string }).name })];
        return [201, listed[0]];
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Add a service' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a service' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Type'), 'ldap');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Corporate LDAP');
    await userEvent.type(within(dialog).getByLabelText('Provider URI'), 'ldaps://ldap.example.com');
    await userEvent.type(within(dialog).getByLabelText("Redirect URI's"), 'https://app.example.com/cb');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create service' }));
    expect(within(dialog).getByLabelText('Base DN').getAttribute('aria-invalid')).toBe('true');
    expect(sent(api, 'POST', '/v1/auth-services')).toEqual([]);

    await userEvent.type(within(dialog).getByLabelText('Base DN'), 'ou=people,dc=example,dc=com');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create service' }));
    expect(await screen.findByRole('cell', { name: 'Corporate LDAP' })).toBeTruthy();
    expect(sent(api, 'POST', '/v1/auth-services')[0].body).toMatchObject({
      name: 'Corporate LDAP',
      type: 'ldap',
      scope: { environmentId: 'env-1' },
      config: { providerUri: 'ldaps://ldap.example.com', baseDn: 'ou=people,dc=example,dc=com', redirectUris: ['https://app.example.com/cb'] },
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("keeps the form open with the API's field problems when it refuses", async () => {
    renderTab({
      'GET /v1/auth-services': page([]),
      'POST /v1/auth-services': [
        400,
        {
          error: 'invalid_request',
          error_description: 'config.loginPage.url is required when mode is css or hosted',
          code: 'INVALID_SERVICE_CONFIG',
          fields: [{ field: 'config.loginPage.url', message: 'config.loginPage.url is required when mode is css or hosted' }],
        },
      ],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Add a service' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a service' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Type'), 'custom');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Adaptor');
    await userEvent.type(within(dialog).getByLabelText('Provider URI'), 'https://adaptor.example.com/auth');
    await userEvent.type(within(dialog).getByLabelText('Shared Secret'), 's'.repeat(32));
    await userEvent.type(within(dialog).getByLabelText("Redirect URI's"), 'https://app.example.com/cb');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create service' }));
    const url = within(dialog).getByLabelText('URL');
    expect((await within(dialog).findByRole('alert')).textContent).toContain('URL is required when mode is css or hosted');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(url);
    expect(screen.getByRole('dialog', { name: 'Add a service' })).toBeTruthy();
  });

  it('edits a service with a PATCH of the changed keys only', async () => {
    const api = renderTab({ 'GET /v1/auth-services': page([LDAP]), 'PATCH /v1/auth-services/svc-ldap': [200, LDAP] });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Corporate LDAP' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Corporate LDAP' });
    await userEvent.clear(within(dialog).getByLabelText('Pool Size'));
    await userEvent.type(within(dialog).getByLabelText('Pool Size'), '2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await screen.findByRole('table');
    expect(sent(api, 'PATCH', '/v1/auth-services/svc-ldap').map((call) => call.body)).toEqual([{ config: { poolSize: 2 } }]);
  });

  it('tests a new service on /v1/auth-services/test and a stored one on its own /test, saving nothing', async () => {
    const works = { ok: true, checks: [{ name: 'bind', ok: true, detail: 'bound', ms: 2 }] };
    const api = renderTab({
      'GET /v1/auth-services': page([LDAP]),
      'POST /v1/auth-services/test': [200, works],
      'POST /v1/auth-services/svc-ldap/test': [200, { ok: false, checks: [{ name: 'connect', ok: false, detail: 'refused', ms: 1 }] }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Add a service' }));
    const adding = screen.getByRole('dialog', { name: 'Add a service' });
    await userEvent.selectOptions(within(adding).getByLabelText('Type'), 'ldap');
    await userEvent.type(within(adding).getByLabelText('Name'), 'Corporate LDAP');
    await userEvent.type(within(adding).getByLabelText('Provider URI'), 'ldaps://ldap.example.com');
    await userEvent.type(within(adding).getByLabelText('Base DN'), 'ou=people,dc=example,dc=com');
    await userEvent.type(within(adding).getByLabelText("Redirect URI's"), 'https://app.example.com/cb');
    await userEvent.click(within(adding).getByRole('button', { name: 'Test connection' }));
    expect(within(await within(adding).findByRole('status', { name: 'Connection test result' })).getByText('Connection works')).toBeTruthy();
    expect(sent(api, 'POST', '/v1/auth-services/test')[0].body).toMatchObject({ name: 'Corporate LDAP', type: 'ldap', scope: { environmentId: 'env-1' } });
    await userEvent.click(within(adding).getByRole('button', { name: 'Cancel' }));

    await userEvent.click(screen.getByRole('button', { name: 'Edit Corporate LDAP' }));
    const editing = screen.getByRole('dialog', { name: 'Edit Corporate LDAP' });
    await userEvent.click(within(editing).getByRole('button', { name: 'Test connection' }));
    expect(within(await within(editing).findByRole('alert', { name: 'Connection test result' })).getByText('Connection failed')).toBeTruthy();
    expect(sent(api, 'POST', '/v1/auth-services/svc-ldap/test').map((call) => call.body)).toEqual([{}]);
    expect(api.calls.filter((call) => call.method !== 'GET').map((call) => call.url)).toEqual(['/v1/auth-services/test', '/v1/auth-services/svc-ldap/test']);
  });

  it('disables and enables services', async () => {
    const api = renderTab({
      'GET /v1/auth-services': page([LDAP, SAML]),
      'POST /v1/auth-services/svc-ldap/disable': [200, { ...LDAP, enabled: false }],
      'POST /v1/auth-services/svc-saml/enable': [200, { ...SAML, enabled: true }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Disable Corporate LDAP' }));
    await userEvent.click(screen.getByRole('button', { name: 'Enable Partner SAML' }));
    expect(api.calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual(['/v1/auth-services/svc-ldap/disable', '/v1/auth-services/svc-saml/enable']);
  });

  it("shows the API's refusal to delete the default service, and keeps it", async () => {
    const refusal = 'the default service of environment(s) env-1: choose another default first';
    renderTab({ 'GET /v1/auth-services': page([LDAP]), 'DELETE /v1/auth-services/svc-ldap': [409, { error: 'invalid_request', error_description: refusal, code: 'SERVICE_IN_USE' }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Corporate LDAP' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Corporate LDAP' });
    await userEvent.type(within(dialog).getByLabelText('Type Corporate LDAP to confirm'), 'Corporate LDAP');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(refusal);
    expect(screen.getByRole('cell', { name: 'Corporate LDAP' })).toBeTruthy();
  });
});
