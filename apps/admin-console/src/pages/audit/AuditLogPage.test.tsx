import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../test-support/fake-api';
import { callsTo, queryOf, renderConsoleAt } from '../../test-support/render-console';
import type { AuditEvent } from './types';

const ORG_ID = '11111111-1111-4111-8111-111111111111';
const event = (index: number): AuditEvent => ({
  id: `e${index}`,
  occurredAt: '2026-03-01T10:00:00.000Z',
  actorType: 'admin',
  actorId: 'admin-1',
  action: index === 0 ? 'client.create' : 'organization.create',
  targetType: 'client',
  targetId: `c${index}`,
  organizationId: ORG_ID,
  outcome: 'success',
  ip: null,
  details: {},
});

const listOf = (rows: readonly AuditEvent[]) => (call: RecordedCall) => {
  const query = queryOf(call);
  const limit = Number(query.limit ?? 25);
  const skip = Number(query.skip ?? 0);
  return [200, { total: rows.length, limit, skip, rows: rows.slice(skip, skip + limit) }] as const;
};

const organizations = [200, { total: 1, limit: 100, skip: 0, rows: [{ id: ORG_ID, name: 'acme', displayName: 'Acme', clientId: 'c', enabled: true }] }] as const;
const lastQuery = (calls: readonly RecordedCall[]) => queryOf(callsTo(calls, 'GET', '/v1/audit-events').at(-1)!);

describe('the audit log', () => {
  it('shows events in a table with Time, Actor, Action, Target and Outcome, paged', async () => {
    const api = renderConsoleAt('/audit', {
      'GET /v1/audit-events': listOf(Array.from({ length: 30 }, (_, index) => event(index))),
      'GET /v1/organizations': organizations,
      'GET /v1/admins': [200, { total: 1, limit: 100, skip: 0, rows: [{ id: 'admin-1', username: 'alice' }] }],
    });
    expect(await screen.findByRole('heading', { name: 'Audit log', level: 1 })).toBeTruthy();
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['Time', 'Actor', 'Action', 'Target', 'Outcome']);
    expect(within(table).getByRole('cell', { name: 'client.create' })).toBeTruthy();
    expect(within(table).getByRole('cell', { name: 'client c0' })).toBeTruthy();
    expect(await within(table).findAllByRole('cell', { name: 'admin alice' })).toHaveLength(25);
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(lastQuery(api.calls)).toEqual({ limit: '25', skip: '25' }));
  });

  it('puts the filters into the query, the times as ISO instants', async () => {
    const api = renderConsoleAt('/audit', { 'GET /v1/audit-events': listOf([event(0)]), 'GET /v1/organizations': organizations });
    await screen.findByRole('table');
    await screen.findByRole('option', { name: 'acme' });
    await userEvent.selectOptions(screen.getByLabelText('Organization'), 'acme');
    await userEvent.type(screen.getByLabelText('Action'), 'client.create');
    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'denied');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-01T09:30' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-02T18:00' } });
    await waitFor(() =>
      expect(lastQuery(api.calls)).toEqual({
        organizationId: ORG_ID,
        action: 'client.create',
        outcome: 'denied',
        from: new Date('2026-03-01T09:30').toISOString(),
        to: new Date('2026-03-02T18:00').toISOString(),
        limit: '25',
        skip: '0',
      }),
    );
  });

  it('does not send a range that ends before it starts', async () => {
    const api = renderConsoleAt('/audit', { 'GET /v1/audit-events': listOf([event(0)]), 'GET /v1/organizations': organizations });
    await screen.findByRole('table');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-02T10:00' } });
    await waitFor(() => expect(lastQuery(api.calls).from).toBeDefined());
    const sent = callsTo(api.calls, 'GET', '/v1/audit-events').length;
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-01T10:00' } });
    expect(await screen.findByText('To must be later than From.')).toBeTruthy();
    expect(screen.getByLabelText('To').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Fix the fields marked below.');
    expect(callsTo(api.calls, 'GET', '/v1/audit-events')).toHaveLength(sent);
  });

  it('shows the API refusal of a filter beside it', async () => {
    renderConsoleAt('/audit', {
      'GET /v1/audit-events': (call) =>
        queryOf(call).action ? [400, { error: 'invalid_request', error_description: 'action must be shorter', code: 'INVALID_PARAMETER', fields: [{ field: 'action', message: 'action must be shorter' }] }] : listOf([])(call),
      'GET /v1/organizations': organizations,
    });
    expect(await screen.findByText('No events match these filters.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Action'), 'x');
    expect(await screen.findAllByText('action must be shorter')).toHaveLength(2);
    expect(screen.getByLabelText('Action').getAttribute('aria-invalid')).toBe('true');
  });

  it('asks an organization-scoped admin to choose an organization when the platform log is refused', async () => {
    renderConsoleAt('/audit', {
      'GET /v1/audit-events': (call) => (queryOf(call).organizationId ? listOf([event(0)])(call) : [404, { error: 'not_found', error_description: 'Not found.', code: 'NOT_FOUND' }]),
      'GET /v1/organizations': organizations,
    });
    expect(await screen.findByText('Choose an organization to see its events.')).toBeTruthy();
    await screen.findByRole('option', { name: 'acme' });
    await userEvent.selectOptions(screen.getByLabelText('Organization'), 'acme');
    expect(await screen.findByRole('cell', { name: 'client.create' })).toBeTruthy();
  });
});
