import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedCall, Routes } from '../../../test-support/fake-api';
import { callsTo, queryOf } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const clientsPath = `/v1/environments/${ENVIRONMENT.id}/clients`;
const usersPath = `/v1/environments/${ENVIRONMENT.id}/users`;
const user = (n: number, username: string) => ({
  uid: `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  environmentId: ENVIRONMENT.id,
  disabled: false,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  identities: [{ id: `i${n}`, provider: 'local', providerUid: `p${n}`, username, email: null, emailVerified: false, lastLoginAt: null }],
});
const client = (n: number) => ({ id: `c${n}`, clientId: `client-${n}`, name: `app ${n}` });
const BOB = user(2, 'bob');

/** An environment of 5000 users and 250 clients, answered a page at a time as the API does. */
const LARGE: Routes = {
  'POST /v1/authentication-grants/query': [200, page([])],
  [`GET ${usersPath}`]: (call: RecordedCall) => {
    const query = queryOf(call);
    return [200, query.search === 'bo' ? page([BOB], 1, 0, 20) : page([user(1, 'alice'), user(3, 'carol')], 5000, 0, Number(query.limit))];
  },
  [`GET ${clientsPath}`]: (call: RecordedCall) => {
    const { limit, skip = '0' } = queryOf(call);
    const start = Number(skip);
    const rows = Array.from({ length: Math.min(Number(limit), 250 - start) }, (_, index) => client(start + index));
    return [200, page(rows, 250, start, Number(limit))];
  },
  'POST /v1/authentication-grants': (call) => [201, { ...(call.body as object), id: 'g', key: 'k', secret: 's', title: null }],
};

const openNewGrant = async () => {
  await userEvent.click(await screen.findByRole('button', { name: 'New grant' }));
  return screen.getByRole('dialog', { name: 'New grant' });
};

describe('the grant pickers in a large environment', () => {
  it('searches users as the admin types, reading 20 at a time and never the whole environment', async () => {
    const api = renderEnvironment(`/environments/${ENVIRONMENT.id}/grants`, LARGE);
    const dialog = await openNewGrant();
    await within(dialog).findByRole('option', { name: 'alice' });
    expect(within(dialog).getByText(/2 of 5000 users shown/)).toBeTruthy();
    await userEvent.type(within(dialog).getByRole('searchbox', { name: 'Find a user' }), 'bo');
    await within(dialog).findByRole('option', { name: 'bob' });
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Principal' }), 'bob');
    const reads = callsTo(api.calls, 'GET', usersPath).map(queryOf);
    expect(reads.at(-1)).toEqual({ limit: '20', search: 'bo' });
    expect(reads.every((query) => query.limit === '20')).toBe(true);
    expect(reads.length).toBeLessThanOrEqual(3);
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Client' }), 'production (appKey)');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(callsTo(api.calls, 'POST', '/v1/authentication-grants').map((call) => (call.body as { principalId: string }).principalId)).toEqual([BOB.uid]);
  });

  it('keeps the chosen user offered when a later search does not find it', async () => {
    renderEnvironment(`/environments/${ENVIRONMENT.id}/grants`, LARGE);
    const dialog = await openNewGrant();
    await userEvent.type(within(dialog).getByRole('searchbox', { name: 'Find a user' }), 'bo');
    await within(dialog).findByRole('option', { name: 'bob' });
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Principal' }), 'bob');
    await userEvent.clear(within(dialog).getByRole('searchbox', { name: 'Find a user' }));
    await within(dialog).findByRole('option', { name: 'alice' });
    expect(within(dialog).getByRole('combobox', { name: 'Principal' })).toHaveProperty('value', BOB.uid);
    expect(within(dialog).getByRole('option', { name: 'bob' })).toBeTruthy();
  });

  it('reads clients 100 at a time on "More clients", or takes a typed client id', async () => {
    const api = renderEnvironment(`/environments/${ENVIRONMENT.id}/grants`, LARGE);
    const dialog = await openNewGrant();
    await within(dialog).findByRole('option', { name: 'app 99 (client-99)' });
    expect(within(dialog).queryByRole('option', { name: 'app 100 (client-100)' })).toBeNull();
    expect(within(dialog).getByText(/100 of 250 clients listed/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'More clients' }));
    await within(dialog).findByRole('option', { name: 'app 199 (client-199)' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'More clients' }));
    await within(dialog).findByRole('option', { name: 'app 249 (client-249)' });
    expect(within(dialog).queryByRole('button', { name: 'More clients' })).toBeNull();
    expect(callsTo(api.calls, 'GET', clientsPath).map(queryOf)).toEqual([
      { limit: '100' },
      { limit: '100', skip: '100' },
      { limit: '100', skip: '200' },
    ]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Type a client id' }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Client' }), 'client-4000');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Choose a client from the list' }));
    expect(within(dialog).getByRole('combobox', { name: 'Client' })).toHaveProperty('value', 'client-4000');
  });
});
