import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { ServiceForm } from './ServiceForm';
import { descriptionOf } from './test-support/form-queries';
import { registryTypes } from './test-support/registry-types';
import type { ConnectionTestResult, EditedService, ServiceType, TestNewServiceBody, TestStoredServiceBody } from './types';

const TYPES = registryTypes();

const WORKS: ConnectionTestResult = {
  ok: true,
  checks: [
    { name: 'connect', ok: true, detail: 'reached ldap.example.com:636', ms: 3 },
    { name: 'bind', ok: true, detail: 'bound as cn=reader', ms: 5 },
    { name: 'probe', ok: true, detail: 'alice signed in', ms: 7 },
  ],
};
const FAILS: ConnectionTestResult = {
  ok: false,
  checks: [
    { name: 'connect', ok: true, detail: 'reached ldap.example.com:636', ms: 3 },
    { name: 'bind', ok: false, detail: 'invalid credentials', ms: 4 },
  ],
};

function renderCreate(types: readonly ServiceType[] = TYPES) {
  const onTest = vi.fn<(body: TestNewServiceBody) => Promise<ConnectionTestResult>>(async () => WORKS);
  const onCreate = vi.fn(async () => undefined);
  render(<ServiceForm types={types} environmentId="env-1" organizationId="org-1" submitLabel="Create service" onCancel={() => undefined} onCreate={onCreate} onTest={onTest} />);
  return { onTest, onCreate };
}

const STORED: EditedService = {
  name: 'Corporate LDAP',
  description: null,
  type: 'ldap',
  scope: { environmentId: 'env-1' },
  config: { redirectUris: ['https://app.example.com/cb'], allowedAttributes: ['mail'], providerUri: 'ldaps://ldap.example.com', baseDn: 'ou=people,dc=example,dc=com', bindDn: 'cn=reader,dc=example,dc=com' },
  secretsSet: ['bindPassword'],
};

function renderEdit() {
  const onTest = vi.fn<(body: TestStoredServiceBody) => Promise<ConnectionTestResult>>(async () => WORKS);
  const onUpdate = vi.fn(async () => undefined);
  render(<ServiceForm types={TYPES} environmentId="env-1" organizationId="org-1" service={STORED} submitLabel="Save changes" onCancel={() => undefined} onUpdate={onUpdate} onTest={onTest} />);
  return { onTest, onUpdate };
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const testButton = () => screen.getByRole('button', { name: 'Test connection' });

async function fillLdap() {
  await userEvent.selectOptions(input('Type'), 'ldap');
  await userEvent.type(input('Name'), 'Corporate LDAP');
  await userEvent.type(input('Provider URI'), 'ldaps://ldap.example.com');
  await userEvent.type(input('Base DN'), 'ou=people,dc=example,dc=com');
  await userEvent.type(input("Redirect URI's"), 'https://app.example.com/cb');
  await userEvent.type(input('Bind Password'), 'reader secret');
}

// Typing is simulated key by key: generous timeouts for shared, busy machines.
describe('testing a service connection', { timeout: 30_000 }, () => {
  it('sends the create body with the probe, shows every check as a status, and creates nothing', async () => {
    const { onTest, onCreate } = renderCreate();
    await fillLdap();
    const probe = screen.getByRole('group', { name: 'Try a sign-in' });
    expect([input('Test username').value, input('Test password').value, input('Test password').type]).toEqual(['', '', 'password']);
    await userEvent.type(within(probe).getByLabelText('Test username'), 'alice');
    await userEvent.type(within(probe).getByLabelText('Test password'), 'alice password');
    await userEvent.click(testButton());

    const result = await screen.findByRole('status', { name: 'Connection test result' });
    expect(within(result).getByText('Connection works')).toBeTruthy();
    expect(within(result).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'connect: ok — reached ldap.example.com:636 (3 ms)',
      'bind: ok — bound as cn=reader (5 ms)',
      'probe: ok — alice signed in (7 ms)',
    ]);
    expect(onTest).toHaveBeenCalledTimes(1);
    const sent = onTest.mock.calls[0][0];
    expect(sent).toMatchObject({ name: 'Corporate LDAP', type: 'ldap', scope: { environmentId: 'env-1' }, probe: { username: 'alice', password: 'alice password' } });
    expect(sent.config).toMatchObject({ providerUri: 'ldaps://ldap.example.com', baseDn: 'ou=people,dc=example,dc=com', bindPassword: 'reader secret' });
    expect(onCreate).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failed check as an alert, and sends no probe without a username', async () => {
    const { onTest } = renderCreate();
    onTest.mockResolvedValueOnce(FAILS);
    await fillLdap();
    await userEvent.click(testButton());
    const result = await screen.findByRole('alert', { name: 'Connection test result' });
    expect(within(result).getByText('Connection failed')).toBeTruthy();
    expect(within(result).getByText(/bind/).closest('li')?.textContent).toBe('bind: failed — invalid credentials (4 ms)');
    expect(screen.queryByRole('status', { name: 'Connection test result' })).toBeNull();
    expect(onTest.mock.calls[0][0]).not.toHaveProperty('probe');
  });

  it('stops showing a result once the settings it was run with change', async () => {
    renderCreate();
    await fillLdap();
    await userEvent.click(testButton());
    await screen.findByRole('status', { name: 'Connection test result' });
    await userEvent.type(input('Base DN'), 'x');
    expect(screen.queryByRole('status', { name: 'Connection test result' })).toBeNull();
  });

  it('refuses a test username without its password before sending, on the password field', async () => {
    const { onTest } = renderCreate();
    await fillLdap();
    await userEvent.type(input('Test username'), 'alice');
    await userEvent.click(testButton());
    const password = input('Test password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(password)).toContain('Test password is required');
    expect(document.activeElement).toBe(password);
    expect(onTest).not.toHaveBeenCalled();
  });

  it("places a 400 from the test on the fields as a create's, with the summary", async () => {
    const { onTest } = renderCreate();
    onTest.mockRejectedValueOnce(
      new ApiError(400, 'The service config is invalid.', 'INVALID_SERVICE_CONFIG', [{ field: 'config.providerUri', message: 'config.providerUri uses plain ldap:// to a remote host' }]),
    );
    await fillLdap();
    await userEvent.click(testButton());
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('The service config is invalid.');
    expect(summary.textContent).toContain('Provider URI uses plain ldap:// to a remote host');
    const uri = input('Provider URI');
    expect(uri.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(uri)).toContain('Provider URI uses plain ldap:// to a remote host');
    expect(document.activeElement).toBe(uri);
    expect(screen.queryByRole('status', { name: 'Connection test result' })).toBeNull();
  });

  it('is busy while the test runs: the button disabled, saying so', async () => {
    const { onTest } = renderCreate();
    let answer: (result: ConnectionTestResult) => void = () => undefined;
    onTest.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    await fillLdap();
    await userEvent.click(testButton());
    expect(testButton()).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Create service' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('status').textContent).toBe('Testing the connection…');
    answer(WORKS);
    await screen.findByRole('status', { name: 'Connection test result' });
    expect(testButton()).toHaveProperty('disabled', false);
  });

  it('on edit sends only the changed keys as config, a secret left empty kept (not sent)', async () => {
    const { onTest, onUpdate } = renderEdit();
    await userEvent.click(testButton());
    await screen.findByRole('status', { name: 'Connection test result' });
    expect(onTest).toHaveBeenLastCalledWith({});

    await userEvent.clear(input('Base DN'));
    await userEvent.type(input('Base DN'), 'ou=staff,dc=example,dc=com');
    await userEvent.type(input('Test username'), 'bob');
    await userEvent.type(input('Test password'), 'bob password{enter}');
    await screen.findByRole('status', { name: 'Connection test result' });
    expect(onTest).toHaveBeenLastCalledWith({ config: { baseDn: 'ou=staff,dc=example,dc=com' }, probe: { username: 'bob', password: 'bob password' } });
    expect(onUpdate).not.toHaveBeenCalled();
  });

  it('offers no probe for types without a password sign-in', async () => {
    renderCreate();
    await userEvent.selectOptions(input('Type'), 'oidc');
    expect(testButton()).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Try a sign-in' })).toBeNull();
  });

  it('says testing is not available for a type whose connector is not built yet', async () => {
    renderCreate(TYPES.map((type) => (type.type === 'ldap' ? { ...type, loginAvailable: false } : type)));
    await userEvent.selectOptions(input('Type'), 'ldap');
    expect(screen.queryByRole('button', { name: 'Test connection' })).toBeNull();
    expect(screen.getByText('Connection tests are not available for this type yet.')).toBeTruthy();
  });
});
