import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Routes } from '../../../test-support/fake-api';
import { callsTo, fill } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const QUERY = '/v1/authentication-grants/query';
const USER_ID = 'a0000000-0000-4000-8000-00000000000a';
const grant = (overrides: Record<string, unknown>) => ({
  id: 'b0000000-0000-4000-8000-000000000001',
  key: 'key-1',
  title: 'iPad Application',
  description: null,
  principalDomainId: ENVIRONMENT.id,
  principalId: USER_ID,
  clientId: 'web-client-id',
  allowOpenDriverAuthentication: false,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  ...overrides,
});
const IPAD = grant({});

const renderGrants = (routes: Routes = {}) =>
  renderEnvironment(`/environments/${ENVIRONMENT.id}/grants`, {
    [`POST ${QUERY}`]: (call) => [200, page([IPAD], 60, (call.body as { skip: number }).skip)],
    ...routes,
  });

const sent = (api: ReturnType<typeof renderGrants>) => callsTo(api.calls, 'POST', QUERY).map((call) => call.body);
const lastSent = (api: ReturnType<typeof renderGrants>) => sent(api).at(-1);
const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });

describe('the Authentication grants tab', () => {
  it("queries this environment's grants, oldest first, 25 at a time", async () => {
    const api = renderGrants();
    expect(await screen.findByRole('cell', { name: 'iPad Application' })).toBeTruthy();
    expect(sent(api)).toEqual([{ query: { principalDomainId: ENVIRONMENT.id }, sort: { createdAt: 1 }, limit: 25, skip: 0 }]);
    expect(header('Created').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Title').getAttribute('aria-sort')).toBeNull();
  });

  it('pages with limit and skip', async () => {
    const api = renderGrants();
    await screen.findByText('1–25 of 60');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('26–50 of 60')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('51–60 of 60')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await screen.findByText('26–50 of 60');
    expect(sent(api).map((body) => (body as { skip: number }).skip)).toEqual([0, 25, 50, 25]);
    expect(sent(api).every((body) => (body as { limit: number }).limit === 25)).toBe(true);
  });

  it('sorts by a clicked column header, flipping the direction on a second click, from the first page', async () => {
    const api = renderGrants();
    await screen.findByText('1–25 of 60');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('26–50 of 60');
    await userEvent.click(within(header('Title')).getByRole('button'));
    await screen.findByText('1–25 of 60');
    expect(lastSent(api)).toMatchObject({ sort: { title: 1 }, skip: 0 });
    expect(header('Title').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Created').getAttribute('aria-sort')).toBeNull();
    await userEvent.click(within(header('Title')).getByRole('button'));
    expect(lastSent(api)).toMatchObject({ sort: { title: -1 } });
    expect(header('Title').getAttribute('aria-sort')).toBe('descending');
    await userEvent.click(within(header('Enabled')).getByRole('button'));
    expect(lastSent(api)).toMatchObject({ sort: { enabled: 1 } });
    await userEvent.click(within(header('Updated')).getByRole('button'));
    expect(lastSent(api)).toMatchObject({ sort: { updatedAt: 1 } });
  });

  it('filters on enabled, client, principal and title, keeping the sort', async () => {
    const api = renderGrants();
    await screen.findByText('1–25 of 60');
    await userEvent.click(within(header('Title')).getByRole('button'));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    const filters = screen.getByRole('search', { name: 'Filter grants' });
    await userEvent.selectOptions(within(filters).getByLabelText('Enabled'), 'false');
    await fill(within(filters).getByLabelText('Client'), 'web-client-id');
    await fill(within(filters).getByLabelText('Principal'), USER_ID);
    await fill(within(filters).getByLabelText('Title'), 'iPad Application');
    await userEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    await screen.findByText('1–25 of 60');
    expect(lastSent(api)).toEqual({
      query: { principalDomainId: ENVIRONMENT.id, enabled: false, clientId: 'web-client-id', principalId: USER_ID, title: 'iPad Application' },
      sort: { title: 1 },
      limit: 25,
      skip: 0,
    });
    await userEvent.selectOptions(within(filters).getByLabelText('Enabled'), 'true');
    await userEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    expect(lastSent(api)).toMatchObject({ query: { enabled: true } });
    await userEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    expect(lastSent(api)).toMatchObject({ query: { principalDomainId: ENVIRONMENT.id } });
    expect(Object.keys((lastSent(api) as { query: object }).query)).toEqual(['principalDomainId']);
  });

  it('refuses a principal that is not a user id before querying', async () => {
    const api = renderGrants();
    await screen.findByText('1–25 of 60');
    const filters = screen.getByRole('search', { name: 'Filter grants' });
    await userEvent.type(within(filters).getByLabelText('Principal'), 'alice');
    await userEvent.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    expect(within(filters).getByLabelText('Principal').getAttribute('aria-invalid')).toBe('true');
    expect(within(filters).getByText('A principal is a user id (a UUID).')).toBeTruthy();
    expect(sent(api)).toHaveLength(1);
  });

  it("shows the API's refusal of a query", async () => {
    renderGrants({ [`POST ${QUERY}`]: [400, { error: 'invalid_request', error_description: 'query.clientId must be a string of at most 200 characters', code: 'INVALID_QUERY' }] });
    expect((await screen.findByRole('alert')).textContent).toBe('query.clientId must be a string of at most 200 characters');
  });

  it('says so when no grant matches, with the create button', async () => {
    renderGrants({ [`POST ${QUERY}`]: [200, page([])] });
    expect(await screen.findByText('No grants yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New grant' })).toBeTruthy();
  });

  it('creates a grant for a user and a client of this environment and shows its key and secret once', async () => {
    const api = renderGrants({
      [`GET /v1/environments/${ENVIRONMENT.id}/clients`]: [200, page([{ id: 'c1', clientId: 'web-client-id', name: 'web' }])],
      [`GET /v1/environments/${ENVIRONMENT.id}/users`]: [200, page([{ uid: USER_ID, disabled: false, lastLoginAt: null, createdAt: '', identities: [{ id: 'i', provider: 'local', providerUid: 'p', username: 'alice', email: null, lastLoginAt: null }] }])],
      'POST /v1/authentication-grants': (call) => [201, { ...grant(call.body as Record<string, unknown>), key: 'new-key', secret: 'new-secret' }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'New grant' }));
    const dialog = screen.getByRole('dialog', { name: 'New grant' });
    await userEvent.type(within(dialog).getByLabelText('Title'), 'Kiosk');
    await within(dialog).findByRole('option', { name: 'web (web-client-id)' });
    await within(dialog).findByRole('option', { name: 'alice' });
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Client' }), 'web (web-client-id)');
    expect(within(dialog).getByRole('option', { name: 'production (appKey)' })).toBeTruthy();
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Principal' }), 'alice');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Allow open driver authentication/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    const shown = await screen.findByRole('dialog', { name: 'Grant Kiosk created' });
    expect(within(shown).getByLabelText('Key').textContent).toBe('new-key');
    expect(within(shown).getByLabelText('Secret').textContent).toBe('new-secret');
    expect(within(shown).getByRole('button', { name: 'Copy Secret' })).toBeTruthy();
    expect(callsTo(api.calls, 'POST', '/v1/authentication-grants').map((call) => call.body)).toEqual([
      { principalDomainId: ENVIRONMENT.id, principalId: USER_ID, clientId: 'web-client-id', title: 'Kiosk', allowOpenDriverAuthentication: true, enabled: true },
    ]);
    await userEvent.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('new-secret')).toBeNull();
    expect(sent(api)).toHaveLength(2);
  });

  it('needs a principal and a client before sending, and shows where the API refuses', async () => {
    const api = renderGrants({
      [`GET /v1/environments/${ENVIRONMENT.id}/clients`]: [403, { error: 'access_denied', error_description: 'no', code: 'ACCESS_DENIED' }],
      [`GET /v1/environments/${ENVIRONMENT.id}/users`]: [403, { error: 'access_denied', error_description: 'no', code: 'ACCESS_DENIED' }],
      'POST /v1/authentication-grants': [400, { error: 'invalid_request', error_description: 'no such principal in this environment', code: 'UNKNOWN_PRINCIPAL', fields: [{ field: 'principalId', message: 'no such principal in this environment' }] }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'New grant' }));
    const dialog = screen.getByRole('dialog', { name: 'New grant' });
    const principal = await within(dialog).findByRole('textbox', { name: 'Principal' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(principal.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByRole('textbox', { name: 'Client' }).getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(api.calls, 'POST', '/v1/authentication-grants')).toEqual([]);
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Client' }), 'app-key-1');
    await fill(principal, 'a0000000-0000-4000-8000-0000000000ff');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('no such principal in this environment');
    expect(principal.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByRole('textbox', { name: 'Client' }).getAttribute('aria-invalid')).toBe('false');
  });

  it('disables and enables a grant', async () => {
    const api = renderGrants({
      [`POST ${QUERY}`]: [200, page([IPAD, grant({ id: 'b0000000-0000-4000-8000-000000000002', key: 'key-2', title: null, enabled: false })])],
      [`POST /v1/authentication-grants/${IPAD.id}/disable`]: [200, { ...IPAD, enabled: false }],
      'POST /v1/authentication-grants/b0000000-0000-4000-8000-000000000002/enable': [200, {}],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Disable iPad Application' }));
    await userEvent.click(screen.getByRole('button', { name: 'Enable key-2' }));
    expect(callsTo(api.calls, 'POST', `/v1/authentication-grants/${IPAD.id}/disable`)).toHaveLength(1);
    expect(callsTo(api.calls, 'POST', '/v1/authentication-grants/b0000000-0000-4000-8000-000000000002/enable')).toHaveLength(1);
    expect(sent(api)).toHaveLength(3);
  });

  it('rotates after confirmation and shows the new secret once', async () => {
    const api = renderGrants({ [`POST /v1/authentication-grants/${IPAD.id}/rotate`]: [200, { ...IPAD, secret: 'rotated' }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate secret of iPad Application' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Rotate the secret of iPad Application?' })).getByRole('button', { name: 'Rotate' }));
    expect((await screen.findByLabelText('Secret')).textContent).toBe('rotated');
    expect(callsTo(api.calls, 'POST', `/v1/authentication-grants/${IPAD.id}/rotate`)).toHaveLength(1);
  });

  it('deletes only after confirmation, and shows a refusal in the dialog', async () => {
    const api = renderGrants({ [`DELETE /v1/authentication-grants/${IPAD.id}`]: [403, { error: 'access_denied', error_description: 'You may not delete this grant.', code: 'ACCESS_DENIED' }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete iPad Application' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete grant iPad Application?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(callsTo(api.calls, 'DELETE', `/v1/authentication-grants/${IPAD.id}`)).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Delete iPad Application' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Delete grant iPad Application?' })).getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('alert')).textContent).toBe('You may not delete this grant.');
    expect(callsTo(api.calls, 'DELETE', `/v1/authentication-grants/${IPAD.id}`)).toHaveLength(1);
  });
});
