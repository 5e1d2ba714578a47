import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Routes } from '../../../test-support/fake-api';
import { callsTo } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const usersPath = `/v1/environments/${ENVIRONMENT.id}/users`;
const LOCAL = { id: 'c0000000-0000-4000-8000-000000000001', provider: 'local', providerUid: 'p1', username: 'alice', email: 'alice@example.com', emailVerified: true, lastLoginAt: null };
const LDAP = { id: 'c0000000-0000-4000-8000-000000000002', provider: 'ldap', providerUid: 'cn=alice,dc=corp', username: null, email: null, emailVerified: false, lastLoginAt: null };
const ALICE = { uid: 'a0000000-0000-4000-8000-00000000000a', environmentId: ENVIRONMENT.id, disabled: false, lastLoginAt: null, createdAt: '2026-01-01T00:00:00.000Z', identities: [LOCAL, LDAP] };
const userPath = `/v1/users/${ALICE.uid}`;

const renderUsers = (routes: Routes = {}) =>
  renderEnvironment(`/environments/${ENVIRONMENT.id}/users`, { [`GET ${usersPath}`]: [200, page([ALICE])], [`GET ${userPath}`]: [200, ALICE], ...routes });

const openAlice = async () => {
  await userEvent.click(await screen.findByRole('button', { name: 'Details of alice' }));
  const dialog = screen.getByRole('dialog', { name: 'User alice' });
  await within(dialog).findByRole('table', { name: 'Identities of this user' });
  return dialog;
};

describe('the user details', () => {
  it('shows what GET /v1/users/:uid answers: the account and each identity', async () => {
    const api = renderUsers();
    const dialog = await openAlice();
    expect(within(dialog).getByText(ALICE.uid)).toBeTruthy();
    expect(within(dialog).getByText(ENVIRONMENT.id)).toBeTruthy();
    const rows = within(within(dialog).getByRole('table', { name: 'Identities of this user' })).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0].textContent)).toEqual(['local', 'ldap']);
    expect(within(rows[0]).getByText('alice@example.com (verified)')).toBeTruthy();
    expect(callsTo(api.calls, 'GET', userPath)).toHaveLength(1);
  });

  it('removes one identity after a confirmation naming the last-identity rule, and reads the user again', async () => {
    let identities = [LOCAL, LDAP];
    const api = renderUsers({
      [`GET ${userPath}`]: () => [200, { ...ALICE, identities }],
      [`DELETE ${userPath}/identities/${LDAP.id}`]: () => {
        identities = [LOCAL];
        return [204];
      },
    });
    const dialog = await openAlice();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove identity ldap: cn=alice,dc=corp' }));
    const confirm = screen.getByRole('dialog', { name: 'Remove identity ldap: cn=alice,dc=corp?' });
    expect(within(confirm).getByText(/Removing an account's last identity deletes the account/)).toBeTruthy();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));
    expect(callsTo(api.calls, 'DELETE', `${userPath}/identities/${LDAP.id}`)).toHaveLength(1);
    expect(await within(dialog).findByRole('button', { name: 'Remove identity local: alice' })).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: /Remove identity ldap/ })).toBeNull();
  });

  it('warns that removing the last identity deletes the account, then closes and lists again', async () => {
    const api = renderUsers({ [`GET ${userPath}`]: [200, { ...ALICE, identities: [LOCAL] }], [`DELETE ${userPath}/identities/${LOCAL.id}`]: [204] });
    const dialog = await openAlice();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove identity local: alice' }));
    const confirm = screen.getByRole('dialog', { name: 'Remove identity local: alice?' });
    expect(within(confirm).getByText(/last identity: removing it deletes the account/)).toBeTruthy();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));
    expect(callsTo(api.calls, 'DELETE', `${userPath}/identities/${LOCAL.id}`)).toHaveLength(1);
    expect(screen.queryByRole('dialog', { name: 'User alice' })).toBeNull();
    expect(callsTo(api.calls, 'GET', usersPath)).toHaveLength(2);
  });

  it('resets the second factor after a confirmation saying what goes', async () => {
    const api = renderUsers({ [`DELETE ${userPath}/mfa`]: [204] });
    const dialog = await openAlice();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reset second factor' }));
    const confirm = screen.getByRole('dialog', { name: 'Reset the second factor of alice?' });
    expect(within(confirm).getByText(/removes the user's authenticator and recovery codes/)).toBeTruthy();
    expect(callsTo(api.calls, 'DELETE', `${userPath}/mfa`)).toEqual([]);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Reset' }));
    expect(callsTo(api.calls, 'DELETE', `${userPath}/mfa`)).toHaveLength(1);
    expect(screen.queryByRole('dialog', { name: 'Reset the second factor of alice?' })).toBeNull();
  });

  it('keeps a refused reset in its confirmation and disables the action', async () => {
    renderUsers({ [`DELETE ${userPath}/mfa`]: [403, { error: 'access_denied', error_description: 'You may not reset this second factor.', code: 'ACCESS_DENIED' }] });
    const dialog = await openAlice();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reset second factor' }));
    const confirm = screen.getByRole('dialog', { name: 'Reset the second factor of alice?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Reset' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe('You may not reset this second factor.');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(within(dialog).getByRole('button', { name: 'Reset second factor' })).toHaveProperty('disabled', true);
  });

  it('enables a disabled user again, from the list and from the details', async () => {
    const disabled = { ...ALICE, disabled: true };
    const api = renderUsers({ [`GET ${usersPath}`]: [200, page([disabled])], [`GET ${userPath}`]: [200, disabled], [`PATCH ${userPath}`]: [200, ALICE] });
    await userEvent.click(await screen.findByRole('button', { name: 'Enable alice' }));
    const dialog = await openAlice();
    expect(within(dialog).getByText('Disabled')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enable alice' }));
    expect(callsTo(api.calls, 'PATCH', userPath).map((call) => call.body)).toEqual([{ disabled: false }, { disabled: false }]);
  });

  it('says so when the user is gone, without breaking the page', async () => {
    renderUsers({ [`GET ${userPath}`]: [404, { error: 'not_found', error_description: 'No such user.', code: 'NOT_FOUND' }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Details of alice' }));
    const dialog = screen.getByRole('dialog', { name: 'User alice' });
    expect(await within(dialog).findByText('This user no longer exists, or you may not see it.')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.getByRole('heading', { name: 'Users' })).toBeTruthy();
  });
});
