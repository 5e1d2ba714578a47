import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { App } from '../../app/App';
import { SessionProvider } from '../../app/session-context';
import { fakeApi, signedIn, type Routes } from '../../test-support/fake-api';

const status = {
  mode: 'in-process',
  intervalSeconds: 300,
  batchSize: 1000,
  running: false,
  lastRun: { startedAt: '2026-12-07T10:00:00.000Z', finishedAt: '2026-12-07T10:00:01.000Z', outcome: 'success', deleted: { authorization_code: 12, login_transaction: 3 } },
  nextRunAt: '2026-12-07T10:05:00.000Z',
};
const organizations = { total: 1, limit: 100, skip: 0, rows: [{ id: 'org-1', name: 'acme' }] };

function renderOperations(routes: Routes) {
  signedIn();
  const api = fakeApi(routes);
  render(
    <MemoryRouter initialEntries={['/operations']}>
      <SessionProvider fetchImpl={api.impl}>
        <App />
      </SessionProvider>
    </MemoryRouter>,
  );
  return api;
}

describe('Operations', () => {
  it('shows the cleanup schedule and latest run, and runs it now', async () => {
    const api = renderOperations({
      'GET /v1/operations/cleanup': [200, status],
      'POST /v1/operations/cleanup': [200, { ...status.lastRun, outcome: 'success' }],
      'GET /v1/organizations': [200, organizations],
    });
    expect(await screen.findByRole('heading', { name: 'Expiry cleanup' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'authorization_code' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: '12' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Run cleanup now' }));
    expect(await screen.findByText('Cleanup finished: success.')).toBeTruthy();
    expect(api.calls.filter((call) => call.method === 'POST' && call.url === '/v1/operations/cleanup')).toHaveLength(1);
  });

  it('hides the cleanup when the caller may not read it', async () => {
    renderOperations({
      'GET /v1/operations/cleanup': [403, { error: 'access_denied', error_description: 'Missing operations:read.', code: 'FORBIDDEN' }],
      'GET /v1/organizations': [200, organizations],
    });
    expect(await screen.findByRole('heading', { name: 'Export' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Expiry cleanup' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('imports after a dry run and shows the new secrets once', async () => {
    const document = { format: 'rapidauth.organization', version: 1, organization: { name: 'acme' } };
    const api = renderOperations({
      'GET /v1/operations/cleanup': [200, status],
      'GET /v1/organizations': [200, organizations],
      'POST /v1/organizations/import': (call) =>
        (call.body as { dryRun: boolean }).dryRun
          ? [200, { dryRun: true, conflicts: [], plan: { apps: 1, environments: 2 }, missingSecrets: [{ ref: 'svc-1', keys: ['bindPassword'] }] }]
          : [201, { organization: { id: 'org-2', name: 'acme-copy', clientId: 'org-client', clientSecret: 'org-secret-1' }, environments: [{ ref: 'env-a', id: 'e1', appKey: 'key-a', appSecret: 'app-secret-a' }], clients: [], authServices: [], appSignatures: [] }],
    });
    await screen.findByRole('heading', { name: 'Import' });
    const file = new File([JSON.stringify(document)], 'acme.json', { type: 'application/json' });
    await userEvent.upload(screen.getByLabelText('Transfer document'), file);
    await userEvent.type(screen.getByLabelText('Import under another name (optional)'), 'acme-copy');
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    const report = await screen.findByLabelText('Dry run');
    expect(within(report).getByText('Would create: 1 apps, 2 environments.')).toBeTruthy();
    expect(within(report).getByText('svc-1: bindPassword')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    const dialog = await screen.findByRole('dialog', { name: 'Imported: new credentials' });
    expect(within(dialog).getByLabelText('Organization client secret').textContent).toBe('org-secret-1');
    expect(within(dialog).getByLabelText('appSecret of env-a').textContent).toBe('app-secret-a');
    const sent = api.calls.filter((call) => call.url === '/v1/organizations/import').map((call) => call.body);
    expect(sent).toEqual([
      { document, dryRun: true, name: 'acme-copy', clientIds: 'keep' },
      { document, dryRun: false, name: 'acme-copy', clientIds: 'keep' },
    ]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('org-secret-1')).toBeNull();
    expect(JSON.stringify(sessionStorage)).not.toContain('org-secret-1');
  });

  it('does not import while the dry run reports conflicts', async () => {
    renderOperations({
      'GET /v1/operations/cleanup': [200, status],
      'GET /v1/organizations': [200, organizations],
      'POST /v1/organizations/import': [200, { dryRun: true, conflicts: [{ path: 'organization.name', code: 'NAME_TAKEN', message: 'An organization named acme exists.' }], plan: { apps: 1 }, missingSecrets: [] }],
    });
    await screen.findByRole('heading', { name: 'Import' });
    await userEvent.upload(screen.getByLabelText('Transfer document'), new File(['{"format":"rapidauth.organization"}'], 'a.json', { type: 'application/json' }));
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(await screen.findByText('organization.name: An organization named acme exists.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
  });

  it('says so when the file is not JSON, sending nothing', async () => {
    const api = renderOperations({ 'GET /v1/operations/cleanup': [200, status], 'GET /v1/organizations': [200, organizations] });
    await screen.findByRole('heading', { name: 'Import' });
    await userEvent.upload(screen.getByLabelText('Transfer document'), new File(['not json'], 'a.json', { type: 'application/json' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'This file is not a JSON transfer document.');
    expect(api.calls.some((call) => call.url === '/v1/organizations/import')).toBe(false);
  });

  it('rotates the signing keys only after confirmation', async () => {
    const api = renderOperations({
      'GET /v1/operations/cleanup': [200, status],
      'GET /v1/organizations': [200, organizations],
      'POST /v1/signing-keys/rotate': [200, { rotated: [{ kid: 'kid-new', alg: 'ES256', activatesAt: '2026-12-07T10:10:00.000Z' }] }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate signing keys' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate signing keys?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.calls.some((call) => call.url === '/v1/signing-keys/rotate')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Rotate signing keys' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByText(/ES256 key kid-new signs from/)).toBeTruthy();
    expect(api.calls.filter((call) => call.url === '/v1/signing-keys/rotate')).toHaveLength(1);
  });

  it('lists what each vault master key seals, and rotates only after confirmation, showing the result', async () => {
    const counts = (vaultEntries: number, authServices: number) => ({ vaultEntries, authServices, signingKeys: 0, identitySettings: 0, mfaFactors: 0, appSignatures: 0 });
    let keys = { currentKeyId: 'k2', keys: [{ keyId: 'k2', current: true, ...counts(5, 1) }, { keyId: 'k1', current: false, ...counts(3, 2) }] };
    const api = renderOperations({
      'GET /v1/operations/cleanup': [200, status],
      'GET /v1/organizations': [200, organizations],
      'GET /v1/vault/keys': () => [200, keys],
      'POST /v1/vault/rotate': () => {
        keys = { currentKeyId: 'k2', keys: [{ keyId: 'k2', current: true, ...counts(8, 3) }, { keyId: 'k1', current: false, ...counts(0, 0) }] };
        return [200, { currentKeyId: 'k2', rewrapped: counts(3, 2), remaining: { k1: 0, k0: 4 } }];
      },
    });
    const vault = await screen.findByRole('region', { name: 'Vault master keys' });
    const previous = within(vault).getByRole('row', { name: /k1/ });
    expect(within(previous).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['k1', 'Previous: only opens', '3', '2', '0', '0', '0', '0']);
    expect(within(vault).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Key', 'Use', 'Vault entries', 'Auth services', 'Signing keys', 'Identity settings', 'MFA factors', 'App signatures']);

    await userEvent.click(within(vault).getByRole('button', { name: 'Rotate vault key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate vault key?' });
    expect(dialog.textContent).toContain('sealed again under the current key, k2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.calls.some((call) => call.url === '/v1/vault/rotate')).toBe(false);

    await userEvent.click(within(vault).getByRole('button', { name: 'Rotate vault key' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Rotate vault key?' })).getByRole('button', { name: 'Rotate' }));
    const result = await within(vault).findByRole('status', { name: 'Vault rotation result' });
    expect(result.textContent).toContain('Sealed again under k2: 3 vault entries, 2 auth services, 0 signing keys, 0 identity settings, 0 mfa factors, 0 app signatures.');
    expect(within(result).getByRole('list', { name: 'Still under another key' }).textContent).toBe('k0: 4 still sealed');
    await waitFor(() => expect(within(within(vault).getByRole('row', { name: /k1/ })).getAllByRole('cell')[2].textContent).toBe('0'));
    expect(api.calls.filter((call) => call.method === 'POST' && call.url === '/v1/vault/rotate')).toHaveLength(1);
  });

  it('keeps a refused vault rotation in its dialog with the API message', async () => {
    renderOperations({
      'GET /v1/operations/cleanup': [200, status],
      'GET /v1/organizations': [200, organizations],
      'GET /v1/vault/keys': [200, { currentKeyId: 'k1', keys: [{ keyId: 'k1', current: true, vaultEntries: 0, authServices: 0, signingKeys: 2, identitySettings: 0, mfaFactors: 0, appSignatures: 0 }] }],
      'POST /v1/vault/rotate': [403, { error: 'access_denied', error_description: 'Missing keys:rotate.', code: 'ACCESS_DENIED' }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate vault key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate vault key?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Missing keys:rotate.');
  });

  it('hides the vault keys when the caller may not read them', async () => {
    renderOperations({
      'GET /v1/operations/cleanup': [200, status],
      'GET /v1/organizations': [200, organizations],
      'GET /v1/vault/keys': [403, { error: 'access_denied', error_description: 'Missing keys:read.', code: 'ACCESS_DENIED' }],
    });
    expect(await screen.findByRole('heading', { name: 'Expiry cleanup' })).toBeTruthy();
    await screen.findByRole('heading', { name: 'Export' });
    await waitFor(() => expect(screen.queryByText('Loading…')).toBeNull());
    expect(screen.queryByRole('heading', { name: 'Vault master keys' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
