import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Routes } from '../../../test-support/fake-api';
import { callsTo } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const linksPath = `/v1/environments/${ENVIRONMENT.id}/data-links`;
const SERVICE = { id: 'a0000000-0000-4000-8000-000000000001', name: 'directory', type: 'ldap', enabled: true, scope: { environmentId: ENVIRONMENT.id } };
const SHARED = { id: 'a0000000-0000-4000-8000-000000000002', name: 'shared sso', type: 'oidc', enabled: true, scope: { organizationId: ENVIRONMENT.organizationId } };
const LINK = {
  id: 'd0000000-0000-4000-8000-000000000001',
  environmentId: ENVIRONMENT.id,
  name: 'orders',
  backendUrl: 'https://orders.internal.example/api',
  authServiceId: SERVICE.id,
  timeoutMs: 10000,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const renderLinks = (routes: Routes = {}) =>
  renderEnvironment(`/environments/${ENVIRONMENT.id}/data-links`, {
    [`GET ${linksPath}`]: [200, page([LINK])],
    'GET /v1/auth-services': [200, page([SERVICE, SHARED])],
    ...routes,
  });

describe('the Data links tab', () => {
  it('lists links with their auth service by name', async () => {
    renderLinks();
    const row = within(await screen.findByRole('table')).getByRole('row', { name: /orders/ });
    expect(within(row).getAllByRole('cell').map((cell) => cell.textContent).slice(0, 5)).toEqual(['orders', 'https://orders.internal.example/api', 'directory', '10000 ms', 'Enabled']);
  });

  it('says so when there are none, with the create button', async () => {
    renderLinks({ [`GET ${linksPath}`]: [200, page([])] });
    expect(await screen.findByText('No data links yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New data link' })).toBeTruthy();
  });

  it("shows the API's message when the list fails", async () => {
    renderLinks({ [`GET ${linksPath}`]: [403, { error: 'access_denied', error_description: 'You may not read data links here.', code: 'ACCESS_DENIED' }] });
    expect((await screen.findByRole('alert')).textContent).toBe('You may not read data links here.');
  });

  it("creates a link with every field, picking one of the environment's services", async () => {
    const api = renderLinks({ [`POST ${linksPath}`]: (call) => [201, { ...LINK, ...(call.body as object), id: 'd0000000-0000-4000-8000-000000000002' }] });
    await userEvent.click(await screen.findByRole('button', { name: 'New data link' }));
    const dialog = screen.getByRole('dialog', { name: 'New data link' });
    expect(within(within(dialog).getByLabelText('Auth service')).getAllByRole('option').map((option) => option.textContent)).toEqual(['Pick a service', 'directory (ldap)', 'shared sso (oidc)']);
    await userEvent.type(within(dialog).getByLabelText('Name'), 'reports');
    await userEvent.type(within(dialog).getByLabelText('Backend URL'), 'http://reports.internal:8080/v2');
    await userEvent.selectOptions(within(dialog).getByLabelText('Auth service'), SHARED.id);
    await userEvent.clear(within(dialog).getByLabelText('Timeout (ms)'));
    await userEvent.type(within(dialog).getByLabelText('Timeout (ms)'), '2500');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Enabled' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(callsTo(api.calls, 'POST', linksPath).map((call) => call.body)).toEqual([
      { name: 'reports', backendUrl: 'http://reports.internal:8080/v2', authServiceId: SHARED.id, timeoutMs: 2500, enabled: false },
    ]);
    expect(screen.queryByRole('dialog', { name: 'New data link' })).toBeNull();
  });

  it('checks the fields before sending, marking them and focusing the first', async () => {
    const api = renderLinks();
    await userEvent.click(await screen.findByRole('button', { name: 'New data link' }));
    const dialog = screen.getByRole('dialog', { name: 'New data link' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Orders');
    await userEvent.type(within(dialog).getByLabelText('Backend URL'), 'https://user:pw@orders.example/api');
    await userEvent.clear(within(dialog).getByLabelText('Timeout (ms)'));
    await userEvent.type(within(dialog).getByLabelText('Timeout (ms)'), '50');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Fix the fields marked below.');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Name'));
    for (const label of ['Name', 'Backend URL', 'Auth service', 'Timeout (ms)']) expect(within(dialog).getByLabelText(label).getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('The URL must not carry credentials.')).toBeTruthy();
    expect(callsTo(api.calls, 'POST', linksPath)).toEqual([]);
  });

  it("shows the API's refusal beside its field", async () => {
    renderLinks({ [`POST ${linksPath}`]: [409, { error: 'invalid_request', error_description: 'name "orders" is taken in this environment', code: 'NAME_TAKEN', fields: [{ field: 'name', message: 'name "orders" is taken in this environment' }] }] });
    await userEvent.click(await screen.findByRole('button', { name: 'New data link' }));
    const dialog = screen.getByRole('dialog', { name: 'New data link' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'orders');
    await userEvent.type(within(dialog).getByLabelText('Backend URL'), 'https://orders.example');
    await userEvent.selectOptions(within(dialog).getByLabelText('Auth service'), SERVICE.id);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('name "orders" is taken in this environment');
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('edits a link, sending only the fields that changed', async () => {
    const api = renderLinks({ [`PATCH /v1/data-links/${LINK.id}`]: (call) => [200, { ...LINK, ...(call.body as object) }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit orders' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit data link orders' });
    expect(within(dialog).getByLabelText('Backend URL')).toHaveProperty('value', LINK.backendUrl);
    await userEvent.clear(within(dialog).getByLabelText('Timeout (ms)'));
    await userEvent.type(within(dialog).getByLabelText('Timeout (ms)'), '30000');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(callsTo(api.calls, 'PATCH', `/v1/data-links/${LINK.id}`).map((call) => call.body)).toEqual([{ timeoutMs: 30000 }]);
  });

  it('deletes a link after confirmation', async () => {
    const api = renderLinks({ [`DELETE /v1/data-links/${LINK.id}`]: [204] });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete orders' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete data link orders?' });
    expect(callsTo(api.calls, 'DELETE', `/v1/data-links/${LINK.id}`)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(callsTo(api.calls, 'DELETE', `/v1/data-links/${LINK.id}`)).toHaveLength(1);
    expect(screen.queryByRole('dialog', { name: 'Delete data link orders?' })).toBeNull();
  });
});
