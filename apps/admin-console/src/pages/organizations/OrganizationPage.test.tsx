import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Routes } from '../../test-support/fake-api';
import { callsTo, queryOf, renderConsoleAt } from '../../test-support/render-console';
import type { App, Authority, Group } from './types';

const ORG_ID = '11111111-1111-4111-8111-111111111111';
const APP_ID = '22222222-2222-4222-8222-222222222222';
const ADMIN_ID = '33333333-3333-4333-8333-333333333333';
const GROUP_ID = '44444444-4444-4444-8444-444444444444';
const acme = { id: ORG_ID, name: 'acme', displayName: 'Acme Corp', clientId: 'acme-client', enabled: true, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
const page = <T,>(rows: readonly T[]) => [200, { total: rows.length, limit: 25, skip: 0, rows }] as const;
const mobile: App = { id: APP_ID, organizationId: ORG_ID, name: 'mobile', displayName: 'Mobile', defaultEnvironmentId: null, createdAt: '2026-01-01T00:00:00.000Z' };
const oncall: Group = { id: GROUP_ID, organizationId: ORG_ID, name: 'on-call', description: 'Pager duty', createdAt: '2026-01-01T00:00:00.000Z' };
const roles = [200, { total: 2, rows: [{ id: 'r1', name: 'owner', description: '', permissions: ['*'], builtIn: true }, { id: 'r2', name: 'operator', description: '', permissions: [], builtIn: true }] }] as const;
const admins = page([{ id: ADMIN_ID, username: 'alice', email: null, disabled: false, lastLoginAt: null, createdAt: '2026-01-01T00:00:00.000Z' }]);
const ownerOfAcme: Authority = { id: '55555555-5555-4555-8555-555555555555', principal: { type: 'admin', id: ADMIN_ID }, role: 'owner', target: { type: 'organization', id: ORG_ID }, createdBy: null, createdAt: '2026-01-01T00:00:00.000Z' };

const routes = (overrides: Routes = {}): Routes => ({
  [`GET /v1/organizations/${ORG_ID}`]: [200, acme],
  [`GET /v1/organizations/${ORG_ID}/apps`]: page([mobile]),
  'GET /v1/groups': page([oncall]),
  'GET /v1/roles': roles,
  'GET /v1/admins': admins,
  'GET /v1/authorities': page([ownerOfAcme]),
  ...overrides,
});

const section = (name: string) => screen.findByRole('region', { name });

describe('the organization page', () => {
  it('is headed by the organization name and lists its apps as links', async () => {
    renderConsoleAt(`/organizations/${ORG_ID}`, routes());
    expect(await screen.findByRole('heading', { name: 'acme', level: 1 })).toBeTruthy();
    const apps = await section('Apps');
    expect((await within(apps).findByRole('link', { name: 'mobile' })).getAttribute('href')).toBe(`/apps/${APP_ID}`);
  });

  it('says "No apps yet" with the create button, and creates an app', async () => {
    const created: App[] = [];
    const api = renderConsoleAt(
      `/organizations/${ORG_ID}`,
      routes({
        [`GET /v1/organizations/${ORG_ID}/apps`]: () => page(created),
        [`POST /v1/organizations/${ORG_ID}/apps`]: (call) => {
          created.push({ ...mobile, name: (call.body as { name: string }).name });
          return [201, created[0]];
        },
      }),
    );
    const apps = await section('Apps');
    expect(await within(apps).findByText('No apps yet')).toBeTruthy();
    await userEvent.click(within(apps).getByRole('button', { name: 'New app' }));
    const dialog = await screen.findByRole('dialog', { name: 'New app' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'web');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(apps).findByRole('link', { name: 'web' })).toBeTruthy();
    expect(callsTo(api.calls, 'POST', `/v1/organizations/${ORG_ID}/apps`)[0].body).toEqual({ name: 'web' });
  });

  it('answers an unknown or malformed id with "Not found" and a way back', async () => {
    renderConsoleAt(`/organizations/${ORG_ID}`, routes({ [`GET /v1/organizations/${ORG_ID}`]: [404, { error: 'not_found', error_description: 'Not found.', code: 'NOT_FOUND' }] }));
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe('/organizations');
  });

  it('does not ask the API about an id that is not one', async () => {
    const api = renderConsoleAt('/organizations/not-an-id', routes());
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
    expect(api.calls.some((call) => call.url.includes('not-an-id'))).toBe(false);
  });

  it('creates a group of the organization and shows a refused deletion without removing it', async () => {
    const api = renderConsoleAt(
      `/organizations/${ORG_ID}`,
      routes({
        'POST /v1/groups': [201, { ...oncall, id: 'g2', name: 'auditors' }],
        [`DELETE /v1/groups/${GROUP_ID}`]: [409, { error: 'invalid_request', error_description: 'This would leave the platform without an enabled owner.', code: 'LAST_OWNER' }],
      }),
    );
    const groups = await section('Groups');
    await waitFor(() => expect(callsTo(api.calls, 'GET', '/v1/groups')).not.toHaveLength(0));
    expect(queryOf(callsTo(api.calls, 'GET', '/v1/groups')[0]).organizationId).toBe(ORG_ID);
    await userEvent.click(await within(groups).findByRole('button', { name: 'New group' }));
    const dialog = await screen.findByRole('dialog', { name: 'New group' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'auditors');
    await userEvent.type(within(dialog).getByLabelText('Description'), 'Read the log');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'POST', '/v1/groups')[0].body).toEqual({ name: 'auditors', organizationId: ORG_ID, description: 'Read the log' });

    await userEvent.click(within(groups).getByRole('button', { name: 'Delete group on-call' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete group' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe('This would leave the platform without an enabled owner.');
    expect(within(groups).getByText('on-call')).toBeTruthy();
  });

  it("adds an admin to a group and shows a refused removal", async () => {
    const members = [{ adminId: ADMIN_ID, username: 'alice', addedAt: '2026-01-01T00:00:00.000Z' }];
    const BOB = '77777777-7777-4777-8777-777777777777';
    const api = renderConsoleAt(
      `/organizations/${ORG_ID}`,
      routes({
        'GET /v1/admins': page([...admins[1].rows, { id: BOB, username: 'bob', email: null, disabled: false, lastLoginAt: null, createdAt: '2026-01-01T00:00:00.000Z' }]),
        [`GET /v1/groups/${GROUP_ID}/members`]: () => [200, members],
        [`PUT /v1/groups/${GROUP_ID}/members/${BOB}`]: () => {
          members.push({ adminId: BOB, username: 'bob', addedAt: '2026-01-02T00:00:00.000Z' });
          return [204];
        },
        [`DELETE /v1/groups/${GROUP_ID}/members/${ADMIN_ID}`]: [409, { error: 'invalid_request', error_description: 'alice is the last enabled owner.', code: 'LAST_OWNER' }],
      }),
    );
    const groups = await section('Groups');
    await userEvent.click(await within(groups).findByRole('button', { name: 'Members of on-call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Members of on-call' });
    expect(await within(dialog).findByRole('cell', { name: 'alice' })).toBeTruthy();
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Add member' }));
    expect(within(dialog).getByText('Choose an admin.')).toBeTruthy();
    await userEvent.selectOptions(within(dialog).getByLabelText('Admin'), 'bob');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add member' }));
    expect(await within(dialog).findByRole('cell', { name: 'bob' })).toBeTruthy();
    expect(callsTo(api.calls, 'PUT', `/v1/groups/${GROUP_ID}/members/${BOB}`)).toHaveLength(1);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove alice' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('alice is the last enabled owner.');
    expect(within(dialog).getByRole('cell', { name: 'alice' })).toBeTruthy();
  });

  it('lists authorities with their principals, grants a role on an app, and shows a refused revocation', async () => {
    const api = renderConsoleAt(
      `/organizations/${ORG_ID}`,
      routes({
        'GET /v1/authorities': (call) => (queryOf(call).targetType === 'organization' ? page([ownerOfAcme]) : page([])),
        'POST /v1/authorities': (call) => [201, { ...ownerOfAcme, id: 'a2', ...(call.body as object) }],
        [`DELETE /v1/authorities/${ownerOfAcme.id}`]: [409, { error: 'invalid_request', error_description: 'The platform keeps its last enabled owner.', code: 'LAST_OWNER' }],
      }),
    );
    const authorities = await section('Authorities');
    expect(await within(authorities).findByRole('cell', { name: 'Admin alice' })).toBeTruthy();
    await waitFor(() => expect(queryOf(callsTo(api.calls, 'GET', '/v1/authorities')[0])).toMatchObject({ targetType: 'organization', targetId: ORG_ID }));

    await userEvent.click(within(authorities).getByRole('button', { name: 'Grant a role' }));
    const dialog = await screen.findByRole('dialog', { name: 'Grant a role' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant' }));
    expect(within(dialog).getByText('Choose an admin.')).toBeTruthy();
    expect(within(dialog).getByText('Choose a role.')).toBeTruthy();
    expect(callsTo(api.calls, 'POST', '/v1/authorities')).toHaveLength(0);
    await userEvent.selectOptions(within(dialog).getByLabelText('Principal type'), 'group');
    await userEvent.selectOptions(within(dialog).getByLabelText('Group'), GROUP_ID);
    await userEvent.selectOptions(within(dialog).getByLabelText('Role'), 'operator');
    await userEvent.selectOptions(within(dialog).getByLabelText('Target'), 'App mobile');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'POST', '/v1/authorities')[0].body).toEqual({ principal: { type: 'group', id: GROUP_ID }, role: 'operator', target: { type: 'app', id: APP_ID } });
    expect((within(authorities).getByLabelText('Authorities on') as HTMLSelectElement).value).toBe(`app:${APP_ID}`);
    await waitFor(() => expect(queryOf(callsTo(api.calls, 'GET', '/v1/authorities').at(-1)!)).toMatchObject({ targetType: 'app', targetId: APP_ID }));

    await userEvent.selectOptions(within(authorities).getByLabelText('Authorities on'), 'Organization acme');
    await userEvent.click(await within(authorities).findByRole('button', { name: 'Revoke owner of Admin alice' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke authority' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe('The platform keeps its last enabled owner.');
  });

  it('offers the groups made since the page opened when a grant begins', async () => {
    const groups = [oncall];
    renderConsoleAt(`/organizations/${ORG_ID}`, routes({ 'GET /v1/groups': () => page(groups) }));
    const authorities = await section('Authorities');
    await within(authorities).findByRole('cell', { name: 'Admin alice' });
    groups.push({ ...oncall, id: '88888888-8888-4888-8888-888888888888', name: 'auditors' });
    await userEvent.click(within(authorities).getByRole('button', { name: 'Grant a role' }));
    const dialog = await screen.findByRole('dialog', { name: 'Grant a role' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Principal type'), 'group');
    expect(await within(dialog).findByRole('option', { name: 'auditors' })).toBeTruthy();
  });

  it('rotates the organization secret after confirmation and shows the new one once', async () => {
    const api = renderConsoleAt(`/organizations/${ORG_ID}`, routes({ [`POST /v1/organizations/${ORG_ID}/rotate-secret`]: [200, { ...acme, clientSecret: 'rotated-secret' }] }));
    const rotate = await section('Rotate secret');
    await userEvent.click(within(rotate).getByRole('button', { name: 'Rotate secret' }));
    const confirm = await screen.findByRole('dialog', { name: 'Rotate the organization secret' });
    expect(callsTo(api.calls, 'POST', `/v1/organizations/${ORG_ID}/rotate-secret`)).toHaveLength(0);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    const shown = await screen.findByRole('dialog', { name: 'New organization secret' });
    expect(within(shown).getByLabelText('Client secret').textContent).toBe('rotated-secret');
    await userEvent.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.body.textContent).not.toContain('rotated-secret');
  });

  it('disables rotation and deletion once the API refuses them to this caller', async () => {
    const denied = [403, { error: 'access_denied', error_description: 'You may not do this.', code: 'ACCESS_DENIED' }] as const;
    renderConsoleAt(`/organizations/${ORG_ID}`, routes({ [`POST /v1/organizations/${ORG_ID}/rotate-secret`]: denied }));
    const rotate = await section('Rotate secret');
    await userEvent.click(within(rotate).getByRole('button', { name: 'Rotate secret' }));
    const confirm = await screen.findByRole('dialog', { name: 'Rotate the organization secret' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe('You may not do this.');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(within(rotate).getByRole('button', { name: 'Rotate secret' })).toHaveProperty('disabled', true);
    expect(within(rotate).getByText("You may not rotate this organization's secret.")).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'acme', level: 1 })).toBeTruthy();
  });

  it('deletes the organization with cascade once its name is typed, then goes back to the list', async () => {
    const api = renderConsoleAt(`/organizations/${ORG_ID}`, routes({ [`DELETE /v1/organizations/${ORG_ID}`]: [204], 'GET /v1/organizations': page([]) }));
    const remove = await section('Delete');
    await userEvent.click(within(remove).getByRole('button', { name: 'Delete organization' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete organization' });
    expect(within(confirm).getByRole('button', { name: 'Delete' })).toHaveProperty('disabled', true);
    await userEvent.type(within(confirm).getByLabelText('Type acme to confirm'), 'acme');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByRole('heading', { name: 'Organizations', level: 1 })).toBeTruthy();
    expect(queryOf(callsTo(api.calls, 'DELETE', `/v1/organizations/${ORG_ID}`)[0])).toEqual({ cascade: 'true' });
  });

  it('edits the display name and the client switch, sending only what changed, and shows the result', async () => {
    let current = acme;
    const api = renderConsoleAt(
      `/organizations/${ORG_ID}`,
      routes({
        [`GET /v1/organizations/${ORG_ID}`]: () => [200, current],
        [`PATCH /v1/organizations/${ORG_ID}`]: (call) => {
          current = { ...current, ...(call.body as object) };
          return [200, current];
        },
      }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Edit organization' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit organization' });
    const displayName = within(dialog).getByLabelText('Display name');
    expect((displayName as HTMLInputElement).value).toBe('Acme Corp');
    await userEvent.clear(displayName);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Display name is required.')).toBeTruthy();
    expect(document.activeElement).toBe(displayName);
    expect(callsTo(api.calls, 'PATCH', `/v1/organizations/${ORG_ID}`)).toHaveLength(0);

    await userEvent.type(displayName, '  Acme Holding ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'PATCH', `/v1/organizations/${ORG_ID}`)[0].body).toEqual({ displayName: 'Acme Holding' });
    expect(await screen.findByText('Acme Holding')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Edit organization' }));
    const again = await screen.findByRole('dialog', { name: 'Edit organization' });
    await userEvent.click(within(again).getByLabelText('Organization client enabled'));
    await userEvent.click(within(again).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'PATCH', `/v1/organizations/${ORG_ID}`)[1].body).toEqual({ enabled: false });
    expect(await screen.findByText('The organization client is disabled: it gets no management tokens.')).toBeTruthy();
  });

  it('closes the edit without a call when nothing changed, and disables it after a refusal', async () => {
    const api = renderConsoleAt(
      `/organizations/${ORG_ID}`,
      routes({ [`PATCH /v1/organizations/${ORG_ID}`]: [403, { error: 'access_denied', error_description: 'You may not edit acme.', code: 'ACCESS_DENIED' }] }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Edit organization' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Edit organization' })).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'PATCH', `/v1/organizations/${ORG_ID}`)).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Edit organization' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit organization' });
    await userEvent.type(within(dialog).getByLabelText('Display name'), '!');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('You may not edit acme.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Edit organization' })).toHaveProperty('disabled', true);
  });

  it("grants a role on one of the apps' environments, named by environment and app", async () => {
    const ENV_ID = '66666666-6666-4666-8666-666666666666';
    const api = renderConsoleAt(
      `/organizations/${ORG_ID}`,
      routes({
        [`GET /v1/apps/${APP_ID}/environments`]: page([{ id: ENV_ID, appId: APP_ID, organizationId: ORG_ID, name: 'production', appKey: 'k', defaultServiceId: null, customScopes: [], usergridCompatibility: false, createdAt: '2026-01-01T00:00:00.000Z' }]),
        'GET /v1/authorities': (call) => (queryOf(call).targetType === 'organization' ? page([ownerOfAcme]) : page([])),
        'POST /v1/authorities': (call) => [201, { ...ownerOfAcme, id: 'a3', ...(call.body as object) }],
      }),
    );
    const authorities = await section('Authorities');
    const on = await within(authorities).findByLabelText('Authorities on');
    expect(within(on).getAllByRole('option').map((option) => option.textContent)).toEqual(['Organization acme', 'App mobile', 'Environment production of mobile']);
    await userEvent.click(await within(authorities).findByRole('button', { name: 'Grant a role' }));
    const dialog = await screen.findByRole('dialog', { name: 'Grant a role' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Admin'), 'alice');
    await userEvent.selectOptions(within(dialog).getByLabelText('Role'), 'operator');
    await userEvent.selectOptions(within(dialog).getByLabelText('Target'), 'Environment production of mobile');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Grant' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'POST', '/v1/authorities')[0].body).toEqual({ principal: { type: 'admin', id: ADMIN_ID }, role: 'operator', target: { type: 'environment', id: ENV_ID } });
    expect((on as HTMLSelectElement).value).toBe(`environment:${ENV_ID}`);
    await waitFor(() => expect(queryOf(callsTo(api.calls, 'GET', '/v1/authorities').at(-1)!)).toMatchObject({ targetType: 'environment', targetId: ENV_ID }));
  });
});
