import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Routes } from '../../../test-support/fake-api';
import { callsTo, fill } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const IPAD = {
  id: 'b0000000-0000-4000-8000-000000000001',
  key: 'key-1',
  title: 'iPad Application',
  description: 'The shop floor tablet',
  principalDomainId: ENVIRONMENT.id,
  principalId: 'a0000000-0000-4000-8000-00000000000a',
  clientId: 'web-client-id',
  allowOpenDriverAuthentication: false,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};
const grantPath = `/v1/authentication-grants/${IPAD.id}`;

const renderGrants = (routes: Routes = {}) =>
  renderEnvironment(`/environments/${ENVIRONMENT.id}/grants`, { 'POST /v1/authentication-grants/query': [200, page([IPAD])], ...routes });

const openEdit = async () => {
  await userEvent.click(await screen.findByRole('button', { name: 'Edit iPad Application' }));
  return screen.getByRole('dialog', { name: 'Edit grant iPad Application' });
};
const patches = (api: ReturnType<typeof renderGrants>) => callsTo(api.calls, 'PATCH', grantPath).map((call) => call.body);

describe('editing a grant', () => {
  it('starts from the grant and sends only the fields changed', async () => {
    const api = renderGrants({ [`PATCH ${grantPath}`]: [200, { ...IPAD, title: 'Kiosk' }] });
    const dialog = await openEdit();
    expect(within(dialog).getByLabelText('Description')).toHaveProperty('value', 'The shop floor tablet');
    const title = within(dialog).getByLabelText('Title');
    await userEvent.clear(title);
    await fill(title, 'Kiosk');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Allow open driver authentication \(client_id alone, without a client secret\)$/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(patches(api)).toEqual([{ title: 'Kiosk', allowOpenDriverAuthentication: true }]);
    expect(screen.queryByRole('dialog', { name: 'Edit grant iPad Application' })).toBeNull();
    expect(callsTo(api.calls, 'POST', '/v1/authentication-grants/query')).toHaveLength(2);
  });

  it('clears an emptied description (null) and sends nothing when nothing changed', async () => {
    const api = renderGrants({ [`PATCH ${grantPath}`]: [200, { ...IPAD, description: null }] });
    let dialog = await openEdit();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(patches(api)).toEqual([]);
    dialog = await openEdit();
    await userEvent.clear(within(dialog).getByLabelText('Description'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(patches(api)).toEqual([{ description: null }]);
  });

  it("shows the API's field problems beside the fields and keeps the dialog", async () => {
    renderGrants({
      [`PATCH ${grantPath}`]: [400, { error: 'invalid_request', error_description: 'Some fields are invalid.', code: 'INVALID_PARAMETER', fields: [{ field: 'title', message: 'title must be shorter than or equal to 200 characters' }] }],
    });
    const dialog = await openEdit();
    await fill(within(dialog).getByLabelText('Title'), ' 2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Some fields are invalid.');
    const title = within(dialog).getByLabelText('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(title);
    expect(within(dialog).getByText('title must be shorter than or equal to 200 characters')).toBeTruthy();
  });

  it('disables "Edit" once the API refuses it (403)', async () => {
    renderGrants({ [`PATCH ${grantPath}`]: [403, { error: 'access_denied', error_description: 'You may not change this grant.', code: 'ACCESS_DENIED' }] });
    const dialog = await openEdit();
    await fill(within(dialog).getByLabelText('Title'), ' 2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('You may not change this grant.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Edit iPad Application' })).toHaveProperty('disabled', true);
  });
});
