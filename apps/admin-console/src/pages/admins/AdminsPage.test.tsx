import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../test-support/fake-api';
import { callsTo, queryOf, renderConsoleAt } from '../../test-support/render-console';
import type { Admin } from './types';

const admin = (index: number, overrides: Partial<Admin> = {}): Admin => ({
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  username: `admin-${String(index).padStart(2, '0')}`,
  email: null,
  disabled: false,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const listOf = (rows: readonly Admin[]) => (call: RecordedCall) => {
  const query = queryOf(call);
  const limit = Number(query.limit ?? 25);
  const skip = Number(query.skip ?? 0);
  return [200, { total: rows.length, limit, skip, rows: rows.slice(skip, skip + limit) }] as const;
};

describe('the admins page', () => {
  it('lists admins and pages through them', async () => {
    const rows = Array.from({ length: 27 }, (_, index) => admin(index));
    const api = renderConsoleAt('/admins', { 'GET /v1/admins': listOf(rows) });
    expect(await screen.findByRole('heading', { name: 'Admins', level: 1 })).toBeTruthy();
    expect(await screen.findByRole('cell', { name: 'admin-00' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('cell', { name: 'admin-26' })).toBeTruthy();
    expect(queryOf(callsTo(api.calls, 'GET', '/v1/admins').at(-1)!)).toEqual({ limit: '25', skip: '25' });
  });

  it('creates an admin after checking the input locally, and shows the API refusal beside the field', async () => {
    const rows = [admin(1)];
    const api = renderConsoleAt('/admins', {
      'GET /v1/admins': (call) => listOf(rows)(call),
      'POST /v1/admins': (call) => {
        const body = call.body as { username: string; email?: string };
        if (body.username === 'weak') return [400, { error: 'invalid_request', error_description: 'password is too common; choose another', code: 'TOO_WEAK_PASSWORD', fields: [{ field: 'password', message: 'password is too common; choose another' }] }];
        rows.push(admin(2, { username: body.username, email: body.email ?? null }));
        return [201, rows[1]];
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'New admin' }));
    const dialog = await screen.findByRole('dialog', { name: 'New admin' });
    await userEvent.type(within(dialog).getByLabelText('Username'), 'bob');
    await userEvent.type(within(dialog).getByLabelText('Password'), 'short');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByText('Use at least 10 characters.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Password'));
    expect(callsTo(api.calls, 'POST', '/v1/admins')).toHaveLength(0);

    await userEvent.clear(within(dialog).getByLabelText('Username'));
    await userEvent.type(within(dialog).getByLabelText('Username'), 'weak');
    await userEvent.clear(within(dialog).getByLabelText('Password'));
    await userEvent.type(within(dialog).getByLabelText('Password'), 'password123');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findAllByText('password is too common; choose another')).toHaveLength(2);
    expect(within(dialog).getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');

    await userEvent.clear(within(dialog).getByLabelText('Username'));
    await userEvent.type(within(dialog).getByLabelText('Username'), 'bob');
    await userEvent.type(within(dialog).getByLabelText('Email'), 'bob@example.com');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'POST', '/v1/admins').at(-1)?.body).toEqual({ username: 'bob', password: 'password123', email: 'bob@example.com' });
    expect(await screen.findByRole('cell', { name: 'bob' })).toBeTruthy();
  });

  it('disables and enables an admin, and shows LAST_OWNER as its message', async () => {
    const rows = [admin(1, { username: 'root' }), admin(2, { username: 'carol', disabled: true })];
    const api = renderConsoleAt('/admins', {
      'GET /v1/admins': (call) => listOf(rows)(call),
      [`PATCH /v1/admins/${rows[0].id}`]: [409, { error: 'invalid_request', error_description: 'The platform must keep an enabled owner.', code: 'LAST_OWNER' }],
      [`PATCH /v1/admins/${rows[1].id}`]: (call) => {
        rows[1] = { ...rows[1], disabled: (call.body as { disabled: boolean }).disabled };
        return [200, rows[1]];
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Disable root' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The platform must keep an enabled owner.');
    expect(screen.getByRole('row', { name: /root/ }).textContent).toContain('Enabled');
    await userEvent.click(screen.getByRole('button', { name: 'Enable carol' }));
    expect(await screen.findByRole('button', { name: 'Disable carol' })).toBeTruthy();
    expect(callsTo(api.calls, 'PATCH', `/v1/admins/${rows[1].id}`)[0].body).toEqual({ disabled: false });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so when the caller may not list admins', async () => {
    renderConsoleAt('/admins', { 'GET /v1/admins': [403, { error: 'access_denied', error_description: 'Not allowed.', code: 'ACCESS_DENIED' }] });
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
  });

  it("lists an admin's own authorities with their targets named, read-only", async () => {
    const alice = admin(1, { username: 'alice' });
    const ORG = '11111111-1111-4111-8111-111111111111';
    const APP = '22222222-2222-4222-8222-222222222222';
    const ENV = '66666666-6666-4666-8666-666666666666';
    const granted = (id: string, role: string, target: { type: string; id?: string }) => ({ id, principal: { type: 'admin', id: alice.id }, role, target, createdBy: null, createdAt: '2026-01-01T00:00:00.000Z' });
    const rows = [granted('a1', 'viewer', { type: 'platform' }), granted('a2', 'owner', { type: 'organization', id: ORG }), granted('a3', 'operator', { type: 'environment', id: ENV }), granted('a4', 'admin', { type: 'app', id: '99999999-9999-4999-8999-999999999999' })];
    const api = renderConsoleAt('/admins', {
      'GET /v1/admins': listOf([alice]),
      'GET /v1/authorities': [200, { total: rows.length, limit: 25, skip: 0, rows }],
      [`GET /v1/organizations/${ORG}`]: [200, { id: ORG, name: 'acme' }],
      [`GET /v1/environments/${ENV}`]: [200, { id: ENV, appId: APP, name: 'production' }],
      [`GET /v1/apps/${APP}`]: [200, { id: APP, organizationId: ORG, name: 'mobile' }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Authorities of alice' }));
    const dialog = await screen.findByRole('dialog', { name: 'Authorities of alice' });
    expect(await within(dialog).findByRole('cell', { name: 'Environment production of mobile' })).toBeTruthy();
    expect(within(dialog).getByRole('row', { name: /viewer/ }).textContent).toContain('Platform');
    expect(within(dialog).getByRole('row', { name: /owner/ }).textContent).toContain('Organization acme');
    expect(within(dialog).getByRole('row', { name: /admin/ }).textContent).toContain('App 99999999-9999-4999-8999-999999999999');
    expect(queryOf(callsTo(api.calls, 'GET', '/v1/authorities')[0])).toEqual({ principalType: 'admin', principalId: alice.id, limit: '25', skip: '0' });
    expect(within(dialog).queryByRole('button', { name: /Revoke/ })).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says when an admin holds no authority of its own', async () => {
    renderConsoleAt('/admins', { 'GET /v1/admins': listOf([admin(1, { username: 'dave' })]), 'GET /v1/authorities': [200, { total: 0, limit: 25, skip: 0, rows: [] }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Authorities of dave' }));
    const dialog = await screen.findByRole('dialog', { name: 'Authorities of dave' });
    expect(await within(dialog).findByText("No authorities yet: grant it a role on an organization's page.")).toBeTruthy();
  });

  it('shows a privilege refusal as the API says it and turns off only that admin\'s toggle', async () => {
    const rows = [admin(1, { username: 'boss' }), admin(2, { username: 'erin' })];
    const api = renderConsoleAt('/admins', {
      'GET /v1/admins': (call) => listOf(rows)(call),
      [`PATCH /v1/admins/${rows[0].id}`]: [403, { error: 'access_denied', error_description: 'this admin holds authorities you do not hold', code: 'ACCESS_DENIED' }],
      [`PATCH /v1/admins/${rows[1].id}`]: (call) => {
        rows[1] = { ...rows[1], disabled: (call.body as { disabled: boolean }).disabled };
        return [200, rows[1]];
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Disable boss' }));
    expect((await screen.findByRole('alert')).textContent).toBe('this admin holds authorities you do not hold');
    expect(screen.getByRole('button', { name: 'Disable boss' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Disable erin' })).toHaveProperty('disabled', false);
    await userEvent.click(screen.getByRole('button', { name: 'Disable erin' }));
    expect(await screen.findByRole('button', { name: 'Enable erin' })).toBeTruthy();
    expect(callsTo(api.calls, 'PATCH', `/v1/admins/${rows[1].id}`)[0].body).toEqual({ disabled: true });
  });
});
