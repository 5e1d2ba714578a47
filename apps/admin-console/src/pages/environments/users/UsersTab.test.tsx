import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Routes } from '../../../test-support/fake-api';
import { callsTo } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const usersPath = `/v1/environments/${ENVIRONMENT.id}/users`;
const ALICE = {
  uid: 'a0000000-0000-4000-8000-00000000000a',
  disabled: false,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  identities: [
    { id: 'i1', provider: 'local', providerUid: 'p1', username: 'alice', email: 'alice@example.com', lastLoginAt: null },
    { id: 'i2', provider: 'ldap', providerUid: 'cn=alice,dc=corp', username: null, email: null, lastLoginAt: null },
  ],
};

const renderUsers = (routes: Routes = {}) => renderEnvironment(`/environments/${ENVIRONMENT.id}/users`, { [`GET ${usersPath}`]: [200, page([ALICE])], ...routes });

describe('the Users tab', () => {
  it("lists users with each of their identities", async () => {
    renderUsers();
    const identities = await screen.findByRole('list', { name: 'Identities of alice' });
    expect(within(identities).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['local: alice', 'ldap: cn=alice,dc=corp']);
    expect(within(screen.getByRole('row', { name: /alice/ })).getByText('Enabled')).toBeTruthy();
  });

  it('searches by prefix from the first page', async () => {
    const api = renderUsers({ [`GET ${usersPath}`]: (call) => [200, call.url.includes('search=') ? page([]) : page([ALICE], 40)] });
    await userEvent.click(await screen.findByRole('button', { name: 'Next' }));
    await userEvent.type(screen.getByLabelText('Search users'), 'bob');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No users match "bob"')).toBeTruthy();
    expect(callsTo(api.calls, 'GET', usersPath).map((call) => call.url).at(-1)).toBe(`${usersPath}?limit=25&skip=0&search=bob`);
  });

  it('creates a local user', async () => {
    const api = renderUsers({ [`POST ${usersPath}`]: [201, ALICE] });
    await userEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = screen.getByRole('dialog', { name: 'New user' });
    await userEvent.type(within(dialog).getByLabelText('Username'), 'bob');
    await userEvent.type(within(dialog).getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(callsTo(api.calls, 'POST', usersPath).map((call) => call.body)).toEqual([{ username: 'bob', password: 'correct horse battery' }]);
    expect(screen.queryByRole('dialog', { name: 'New user' })).toBeNull();
  });

  it('checks the password length before sending, and shows a taken username beside the field', async () => {
    const api = renderUsers({
      [`POST ${usersPath}`]: [409, { error: 'invalid_request', error_description: 'alice is already a username or email in this environment', code: 'EXISTING_IDENTITY', fields: [{ field: 'username', message: 'already taken' }] }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = screen.getByRole('dialog', { name: 'New user' });
    await userEvent.type(within(dialog).getByLabelText('Username'), 'alice');
    await userEvent.type(within(dialog).getByLabelText('Password'), 'short');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(api.calls, 'POST', usersPath)).toEqual([]);
    await userEvent.type(within(dialog).getByLabelText('Password'), ' and longer');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('alice is already a username or email in this environment');
    expect(within(dialog).getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('already taken')).toBeTruthy();
  });

  it('disables a user and deletes one after confirmation', async () => {
    const api = renderUsers({ [`PATCH /v1/users/${ALICE.uid}`]: [200, { ...ALICE, disabled: true }], [`DELETE /v1/users/${ALICE.uid}`]: [204] });
    await userEvent.click(await screen.findByRole('button', { name: 'Disable alice' }));
    expect(callsTo(api.calls, 'PATCH', `/v1/users/${ALICE.uid}`).map((call) => call.body)).toEqual([{ disabled: true }]);
    await userEvent.click(screen.getByRole('button', { name: 'Delete alice' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Delete user alice?' })).getByRole('button', { name: 'Delete' }));
    expect(callsTo(api.calls, 'DELETE', `/v1/users/${ALICE.uid}`)).toHaveLength(1);
  });
});
