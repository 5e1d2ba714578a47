import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Routes } from '../../../test-support/fake-api';
import { callsTo, fill } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const signaturesPath = `/v1/environments/${ENVIRONMENT.id}/app-signatures`;
const clientsPath = `/v1/environments/${ENVIRONMENT.id}/clients`;
const SIGNATURE = {
  id: 'e0000000-0000-4000-8000-000000000001',
  environmentId: ENVIRONMENT.id,
  identifier: 'com.example.bank',
  version: '4.2.0',
  platform: 'android',
  ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
  secretSet: true,
  redirectUris: ['com.example.bank:/cb'],
  scopes: ['openid', 'offline_access'],
  pinMaxAttempts: 3,
  pinMinLength: 5,
  dpop: 'required',
  clientSecretTtlSeconds: 0,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const NAME = 'com.example.bank 4.2.0 (android)';
const client = (overrides: Record<string, unknown>) => ({ id: 'c0000000-0000-4000-8000-000000000001', clientId: 'web-id', name: 'web', kind: 'registered', type: 'confidential', enabled: true, dpopNonceRequired: false, appSignatureId: null, ...overrides });
const WEB = client({});
const DEVICE = client({ id: 'c0000000-0000-4000-8000-000000000002', clientId: 'device-id', name: 'Acme device', kind: 'device', type: 'public', appSignatureId: SIGNATURE.id });
const PROFILE = { profileId: 'f0000000-0000-4000-8000-000000000001', uid: 'u-alice', createdAt: '2026-01-02T00:00:00.000Z', pinSet: true, biometricSet: false, lastUsedAt: null };

/** The client list as the API answers it: of the `kind` asked only (its total counting that kind), every kind without one. */
const clientsOfKind = (clients: ReadonlyArray<{ kind: unknown }>, total?: number): Routes[string] => (call) => {
  const query = new URL(call.url, 'http://console.test').searchParams;
  const rows = clients.filter((row) => !query.has('kind') || row.kind === query.get('kind'));
  return [200, page(rows, total ?? rows.length, Number(query.get('skip') ?? 0))];
};

const renderDevices = (routes: Routes = {}) =>
  renderEnvironment(`/environments/${ENVIRONMENT.id}/devices`, {
    [`GET ${signaturesPath}`]: [200, page([SIGNATURE])],
    [`GET ${clientsPath}`]: clientsOfKind([WEB, DEVICE]),
    ...routes,
  });

describe('the Devices tab', () => {
  it('lists app signatures, and the device clients it asks the API for (kind=device)', async () => {
    const api = renderDevices();
    const signatures = await screen.findByRole('table', { name: 'App signatures of this environment' });
    expect(within(signatures).getByRole('row', { name: /com\.example\.bank/ })).toBeTruthy();
    const devices = await screen.findByRole('table', { name: 'Device clients of this environment' });
    expect(within(devices).getAllByRole('row').map((row) => row.textContent)).toHaveLength(2);
    expect(within(devices).getByRole('row', { name: /Acme device/ })).toBeTruthy();
    expect(within(devices).queryByText('web')).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Registered devices' })).getByText('1–1 of 1')).toBeTruthy();
    expect(callsTo(api.calls, 'GET', clientsPath).map((call) => call.url)).toEqual([`${clientsPath}?kind=device&limit=25&skip=0`]);
  });

  it('pages through the device clients alone, counting only them', async () => {
    const api = renderDevices({ [`GET ${clientsPath}`]: clientsOfKind([WEB, DEVICE], 30) });
    await screen.findByRole('table', { name: 'Device clients of this environment' });
    const section = screen.getByRole('region', { name: 'Registered devices' });
    expect(within(section).getByText('1–25 of 30')).toBeTruthy();
    await userEvent.click(within(section).getByRole('button', { name: 'Next' }));
    expect(await within(section).findByText('26–30 of 30')).toBeTruthy();
    expect(callsTo(api.calls, 'GET', clientsPath).map((call) => call.url)).toEqual([`${clientsPath}?kind=device&limit=25&skip=0`, `${clientsPath}?kind=device&limit=25&skip=25`]);
  });

  it('says so when there are no signatures and no devices, registered clients notwithstanding', async () => {
    renderDevices({ [`GET ${signaturesPath}`]: [200, page([])], [`GET ${clientsPath}`]: clientsOfKind([WEB]) });
    expect(await screen.findByText('No app signatures yet')).toBeTruthy();
    expect(await screen.findByText('No devices registered yet')).toBeTruthy();
  });

  it('creates a signature with every field and shows its generated key once', async () => {
    const api = renderDevices({ [`POST ${signaturesPath}`]: (call) => [201, { ...SIGNATURE, ...(call.body as object), secret: 'ab'.repeat(32) }] });
    await userEvent.click(await screen.findByRole('button', { name: 'New app signature' }));
    const dialog = screen.getByRole('dialog', { name: 'New app signature' });
    await userEvent.type(within(dialog).getByLabelText('Identifier'), 'com.example.bank');
    await userEvent.type(within(dialog).getByLabelText('Version'), '4.3.0');
    await userEvent.selectOptions(within(dialog).getByLabelText('Platform'), 'ios');
    await fill(within(dialog).getByLabelText('Redirect URIs'), 'com.example.bank:/cb\nhttp://127.0.0.1/cb');
    await fill(within(dialog).getByLabelText('Scopes'), '\nprofile');
    await userEvent.clear(within(dialog).getByLabelText('PIN attempts'));
    await userEvent.type(within(dialog).getByLabelText('PIN attempts'), '5');
    await userEvent.clear(within(dialog).getByLabelText('PIN minimum length'));
    await userEvent.type(within(dialog).getByLabelText('PIN minimum length'), '6');
    await userEvent.clear(within(dialog).getByLabelText('Device secret lifetime (s)'));
    await userEvent.type(within(dialog).getByLabelText('Device secret lifetime (s)'), '86400');
    await userEvent.selectOptions(within(dialog).getByLabelText('DPoP'), 'allowed');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect((await screen.findByLabelText('OCRA key')).textContent).toBe('ab'.repeat(32));
    expect(callsTo(api.calls, 'POST', signaturesPath).map((call) => call.body)).toEqual([
      {
        identifier: 'com.example.bank',
        version: '4.3.0',
        platform: 'ios',
        ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
        redirectUris: ['com.example.bank:/cb', 'http://127.0.0.1/cb'],
        scopes: ['openid', 'offline_access', 'profile'],
        pinMaxAttempts: 5,
        pinMinLength: 6,
        dpop: 'allowed',
        clientSecretTtlSeconds: 86400,
        enabled: true,
      },
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('ab'.repeat(32))).toBeNull();
  });

  it('checks the fields before sending', async () => {
    const api = renderDevices();
    await userEvent.click(await screen.findByRole('button', { name: 'New app signature' }));
    const dialog = screen.getByRole('dialog', { name: 'New app signature' });
    await userEvent.type(within(dialog).getByLabelText('OCRA key (hex)'), 'xyz');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Identifier'));
    for (const label of ['Identifier', 'Version', 'Redirect URIs', 'OCRA key (hex)']) expect(within(dialog).getByLabelText(label).getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(api.calls, 'POST', signaturesPath)).toEqual([]);
  });

  it('edits a signature, sending only what changed, never the build', async () => {
    const api = renderDevices({ [`PATCH /v1/app-signatures/${SIGNATURE.id}`]: (call) => [200, { ...SIGNATURE, ...(call.body as object) }] });
    await userEvent.click(await screen.findByRole('button', { name: `Edit ${NAME}` }));
    const dialog = screen.getByRole('dialog', { name: `Edit app signature ${NAME}` });
    expect(within(dialog).getByLabelText('Identifier')).toHaveProperty('disabled', true);
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Enabled/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(callsTo(api.calls, 'PATCH', `/v1/app-signatures/${SIGNATURE.id}`).map((call) => call.body)).toEqual([{ enabled: false }]);
  });

  it('revokes the devices of a signature after confirmation, saying how many', async () => {
    const api = renderDevices({ [`POST /v1/app-signatures/${SIGNATURE.id}/revoke-devices`]: [200, { devices: 1, revokedLogins: 2 }] });
    await userEvent.click(await screen.findByRole('button', { name: `Revoke devices of ${NAME}` }));
    const dialog = screen.getByRole('dialog', { name: `Revoke the devices of ${NAME}?` });
    expect(callsTo(api.calls, 'POST', `/v1/app-signatures/${SIGNATURE.id}/revoke-devices`)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke devices' }));
    expect(await screen.findByText(`${NAME}: 1 device disabled, 2 logins revoked.`)).toBeTruthy();
    expect(callsTo(api.calls, 'POST', `/v1/app-signatures/${SIGNATURE.id}/revoke-devices`)).toHaveLength(1);
    expect(callsTo(api.calls, 'GET', clientsPath).length).toBeGreaterThan(1);
  });

  it('deletes a signature after a confirmation saying its devices are revoked', async () => {
    const api = renderDevices({ [`DELETE /v1/app-signatures/${SIGNATURE.id}`]: [204] });
    await userEvent.click(await screen.findByRole('button', { name: `Delete ${NAME}` }));
    const dialog = screen.getByRole('dialog', { name: `Delete app signature ${NAME}?` });
    expect(within(dialog).getByText(/Its devices are revoked/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(callsTo(api.calls, 'DELETE', `/v1/app-signatures/${SIGNATURE.id}`)).toHaveLength(1);
  });

  it('renames a device client and asks for DPoP nonces, sending only what changed', async () => {
    const api = renderDevices({ [`PATCH /v1/clients/${DEVICE.id}`]: (call) => [200, { ...DEVICE, ...(call.body as object) }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Acme device' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit device Acme device' });
    await userEvent.clear(within(dialog).getByLabelText('Name'));
    await userEvent.type(within(dialog).getByLabelText('Name'), ' Dana’s phone ');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^DPoP nonce required/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(callsTo(api.calls, 'PATCH', `/v1/clients/${DEVICE.id}`).map((call) => call.body)).toEqual([{ name: 'Dana’s phone', dpopNonceRequired: true }]);
    expect(screen.queryByRole('dialog', { name: 'Edit device Acme device' })).toBeNull();
  });

  it('refuses an empty device name before sending, and sends nothing when nothing changed', async () => {
    const api = renderDevices();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Acme device' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit device Acme device' });
    await userEvent.clear(within(dialog).getByLabelText('Name'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Acme device');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(screen.queryByRole('dialog', { name: 'Edit device Acme device' })).toBeNull();
    expect(callsTo(api.calls, 'PATCH', `/v1/clients/${DEVICE.id}`)).toEqual([]);
  });

  it('deletes a device client after a confirmation saying it must register again', async () => {
    const api = renderDevices({ [`DELETE /v1/clients/${DEVICE.id}`]: [204] });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Acme device' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete device Acme device?' });
    expect(within(dialog).getByText(/must register again/)).toBeTruthy();
    expect(callsTo(api.calls, 'DELETE', `/v1/clients/${DEVICE.id}`)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(callsTo(api.calls, 'DELETE', `/v1/clients/${DEVICE.id}`)).toHaveLength(1);
    expect(screen.queryByRole('dialog', { name: 'Delete device Acme device?' })).toBeNull();
  });

  it('disables a device client with PATCH enabled', async () => {
    const api = renderDevices({ [`PATCH /v1/clients/${DEVICE.id}`]: [200, { ...DEVICE, enabled: false }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Disable Acme device' }));
    expect(callsTo(api.calls, 'PATCH', `/v1/clients/${DEVICE.id}`).map((call) => call.body)).toEqual([{ enabled: false }]);
  });

  it("shows a device's profiles and deletes one after confirmation", async () => {
    const api = renderDevices({
      [`GET /v1/clients/${DEVICE.id}/profiles`]: [200, { profiles: [PROFILE] }],
      [`DELETE /v1/clients/${DEVICE.id}/profiles/${PROFILE.profileId}`]: [204],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Profiles of Acme device' }));
    const dialog = screen.getByRole('dialog', { name: 'Profiles of Acme device' });
    const row = within(await within(dialog).findByRole('table')).getByRole('row', { name: /u-alice/ });
    await userEvent.click(within(row).getByRole('button', { name: 'Delete profile of u-alice' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Delete the profile of u-alice?' })).getByRole('button', { name: 'Delete profile' }));
    expect(callsTo(api.calls, 'DELETE', `/v1/clients/${DEVICE.id}/profiles/${PROFILE.profileId}`)).toHaveLength(1);
  });
});
