import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../test-support/fake-api';
import { callsTo, queryOf, renderConsoleAt } from '../../test-support/render-console';
import type { Organization } from './types';

const organization = (index: number): Organization => ({
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  name: `org-${String(index).padStart(3, '0')}`,
  displayName: `Org ${index}`,
  clientId: `client-${index}`,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** `GET /v1/organizations` over `rows`, searched and paged as the API does. */
const listOf = (rows: readonly Organization[]) => (call: RecordedCall) => {
  const query = queryOf(call);
  if (Object.keys(query).some((key) => !['limit', 'skip', 'order', 'search'].includes(key))) return [400, { error: 'invalid_request', error_description: 'unknown parameter', code: 'INVALID_PARAMETER' }] as const;
  const limit = Number(query.limit ?? 25);
  const skip = Number(query.skip ?? 0);
  const prefix = query.search?.toLowerCase();
  const matching = prefix === undefined ? rows : rows.filter((row) => row.name.startsWith(prefix) || row.displayName.toLowerCase().startsWith(prefix));
  return [200, { total: matching.length, limit, skip, rows: matching.slice(skip, skip + limit) }] as const;
};

const table = () => screen.findByRole('table');

describe('the organizations page', () => {
  it('lists organizations as links and pages through them with Previous and Next', async () => {
    const rows = Array.from({ length: 30 }, (_, index) => organization(index));
    const api = renderConsoleAt('/organizations', { 'GET /v1/organizations': listOf(rows) });
    expect(await screen.findByRole('heading', { name: 'Organizations', level: 1 })).toBeTruthy();
    expect(within(await table()).getByRole('link', { name: 'org-000' }).getAttribute('href')).toBe(`/organizations/${rows[0].id}`);
    expect(screen.getByText('1–25 of 30')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('link', { name: 'org-029' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'org-000' })).toBeNull();
    expect(queryOf(callsTo(api.calls, 'GET', '/v1/organizations').at(-1)!)).toEqual({ limit: '25', skip: '25' });
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
  });

  it('searches by a prefix of the name or display name through the API, from the first page', async () => {
    const rows = [...Array.from({ length: 120 }, (_, index) => organization(index)), { ...organization(500), name: 'zeta', displayName: 'Acme Payments' }];
    const api = renderConsoleAt('/organizations', { 'GET /v1/organizations': listOf(rows) });
    await table();
    await userEvent.type(screen.getByLabelText('Search'), 'acme');
    expect(await screen.findByRole('link', { name: 'zeta' })).toBeTruthy();
    expect(within(screen.getByRole('table')).getAllByRole('link')).toHaveLength(1);
    await waitFor(() => expect(queryOf(callsTo(api.calls, 'GET', '/v1/organizations').at(-1)!)).toEqual({ limit: '25', skip: '0', search: 'acme' }));
    await userEvent.clear(screen.getByLabelText('Search'));
    await userEvent.type(screen.getByLabelText('Search'), 'nothing-like-this');
    expect(await screen.findByText('No organizations match “nothing-like-this”.')).toBeTruthy();
  });

  it('shows the empty state with the create button', async () => {
    renderConsoleAt('/organizations', { 'GET /v1/organizations': listOf([]) });
    expect(await screen.findByText('No organizations yet')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'New organization' })).toHaveLength(2);
  });

  it('shows the API message when the list cannot load', async () => {
    renderConsoleAt('/organizations', { 'GET /v1/organizations': [503, { error: 'temporarily_unavailable', error_description: 'The database is unavailable.', code: 'DATABASE_UNAVAILABLE' }, { 'Retry-After': '5' }] });
    expect((await screen.findByRole('alert')).textContent).toBe('The database is unavailable. Try again in 5 s.');
  });

  it('creates an organization, shows its client id and secret once, then lists it', async () => {
    const rows: Organization[] = [organization(1)];
    const api = renderConsoleAt('/organizations', {
      'GET /v1/organizations': (call) => listOf(rows)(call),
      'POST /v1/organizations': (call) => {
        const body = call.body as { name: string; displayName?: string };
        if (body.name === 'taken') return [409, { error: 'invalid_request', error_description: 'The name "taken" is already taken.', code: 'NAME_TAKEN', fields: [{ field: 'name', message: 'already taken' }] }];
        const created = { ...organization(2), name: body.name, displayName: body.displayName ?? body.name, clientId: 'acme-client-id' };
        rows.push(created);
        return [201, { ...created, clientSecret: 'acme-secret-value' }];
      },
    });
    await table();
    await userEvent.click(screen.getByRole('button', { name: 'New organization' }));
    const dialog = await screen.findByRole('dialog', { name: 'New organization' });

    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('Name is required.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Name'));
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Not A Slug');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Fix the fields marked below.');
    expect(callsTo(api.calls, 'POST', '/v1/organizations')).toHaveLength(0);

    await userEvent.clear(within(dialog).getByLabelText('Name'));
    await userEvent.type(within(dialog).getByLabelText('Name'), 'taken');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('already taken')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toBe('The name "taken" is already taken.');
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-describedby')).toContain(within(dialog).getByText('already taken').id);

    await userEvent.clear(within(dialog).getByLabelText('Name'));
    await userEvent.type(within(dialog).getByLabelText('Name'), 'acme');
    await userEvent.type(within(dialog).getByLabelText('Display name'), 'Acme Corp');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    const secret = await screen.findByRole('dialog', { name: 'Organization created' });
    expect(within(secret).getByLabelText('Client id').textContent).toBe('acme-client-id');
    expect(within(secret).getByLabelText('Client secret').textContent).toBe('acme-secret-value');
    expect(callsTo(api.calls, 'POST', '/v1/organizations').at(-1)?.body).toEqual({ name: 'acme', displayName: 'Acme Corp' });
    await userEvent.click(within(secret).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByRole('link', { name: 'acme' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('acme-secret-value');
  });
});
