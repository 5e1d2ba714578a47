import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { callsTo, fill, queryOf, renderConsoleAt } from '../../test-support/render-console';
import type { App } from '../organizations/types';
import type { Environment } from './types';

const ORG_ID = '11111111-1111-4111-8111-111111111111';
const APP_ID = '22222222-2222-4222-8222-222222222222';
const ENV_ID = '66666666-6666-4666-8666-666666666666';
const mobile: App = { id: APP_ID, organizationId: ORG_ID, name: 'mobile', displayName: 'Mobile', defaultEnvironmentId: ENV_ID, createdAt: '2026-01-01T00:00:00.000Z' };
const production: Environment = { id: ENV_ID, appId: APP_ID, organizationId: ORG_ID, name: 'production', appKey: 'key-prod', defaultServiceId: null, customScopes: [], usergridCompatibility: false, createdAt: '2026-01-01T00:00:00.000Z' };
const page = <T,>(rows: readonly T[]) => [200, { total: rows.length, limit: 25, skip: 0, rows }] as const;

describe('the app page', () => {
  it('is headed by the app name, links back to its organization and lists environments as links', async () => {
    renderConsoleAt(`/apps/${APP_ID}`, {
      [`GET /v1/apps/${APP_ID}`]: [200, mobile],
      [`GET /v1/organizations/${ORG_ID}`]: [200, { id: ORG_ID, name: 'acme' }],
      [`GET /v1/apps/${APP_ID}/environments`]: page([production]),
    });
    expect(await screen.findByRole('heading', { name: 'mobile', level: 1 })).toBeTruthy();
    expect((await screen.findByRole('link', { name: 'Organization acme' })).getAttribute('href')).toBe(`/organizations/${ORG_ID}`);
    const environments = await screen.findByRole('region', { name: 'Environments' });
    expect((await within(environments).findByRole('link', { name: 'production' })).getAttribute('href')).toBe(`/environments/${ENV_ID}`);
  });

  it('creates an environment and shows its appKey and appSecret once', async () => {
    const rows: Environment[] = [];
    const api = renderConsoleAt(`/apps/${APP_ID}`, {
      [`GET /v1/apps/${APP_ID}`]: [200, mobile],
      [`GET /v1/apps/${APP_ID}/environments`]: () => page(rows),
      [`POST /v1/apps/${APP_ID}/environments`]: (call) => {
        const name = (call.body as { name: string }).name;
        if (name === 'staging') return [409, { error: 'invalid_request', error_description: 'The name "staging" is already taken.', code: 'NAME_TAKEN', fields: [{ field: 'name', message: 'already taken' }] }];
        rows.push({ ...production, name });
        return [201, { ...production, name, appKey: 'key-new', appSecret: 'secret-new' }];
      },
    });
    const environments = await screen.findByRole('region', { name: 'Environments' });
    expect(await within(environments).findByText('No environments yet')).toBeTruthy();
    await userEvent.click(within(environments).getByRole('button', { name: 'New environment' }));
    const dialog = await screen.findByRole('dialog', { name: 'New environment' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Bad Name');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(api.calls, 'POST', `/v1/apps/${APP_ID}/environments`)).toHaveLength(0);
    await userEvent.clear(within(dialog).getByLabelText('Name'));
    await userEvent.type(within(dialog).getByLabelText('Name'), 'staging');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('already taken')).toBeTruthy();
    await userEvent.clear(within(dialog).getByLabelText('Name'));
    await userEvent.type(within(dialog).getByLabelText('Name'), 'test');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    const shown = await screen.findByRole('dialog', { name: 'Environment created' });
    expect(within(shown).getByLabelText('App key').textContent).toBe('key-new');
    expect(within(shown).getByLabelText('App secret').textContent).toBe('secret-new');
    expect(within(shown).getByRole('button', { name: 'Copy App secret' })).toBeTruthy();
    expect(callsTo(api.calls, 'POST', `/v1/apps/${APP_ID}/environments`).at(-1)?.body).toEqual({ name: 'test' });
    await userEvent.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await within(environments).findByRole('link', { name: 'test' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('secret-new');
  });

  it('answers an unknown app with "Not found"', async () => {
    renderConsoleAt(`/apps/${APP_ID}`, {});
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back' })).toBeTruthy();
  });

  it('edits the display name and moves the default environment, sending only what changed', async () => {
    const STAGING_ID = '77777777-7777-4777-8777-777777777777';
    let current = mobile;
    const api = renderConsoleAt(`/apps/${APP_ID}`, {
      [`GET /v1/apps/${APP_ID}`]: () => [200, current],
      [`GET /v1/apps/${APP_ID}/environments`]: page([production, { ...production, id: STAGING_ID, name: 'staging' }]),
      [`PATCH /v1/apps/${APP_ID}`]: (call) => {
        current = { ...current, ...(call.body as object) };
        return [200, current];
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit app' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit app' });
    const displayName = within(dialog).getByLabelText('Display name');
    await fill(displayName, 'x'.repeat(200));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Use at most 200 characters.')).toBeTruthy();
    expect(callsTo(api.calls, 'PATCH', `/v1/apps/${APP_ID}`)).toHaveLength(0);
    await userEvent.clear(displayName);
    await userEvent.type(displayName, 'Mobile app');
    const environment = within(dialog).getByLabelText('Default environment');
    await within(dialog).findByRole('option', { name: 'staging' });
    expect(within(environment).queryByRole('option', { name: 'None' })).toBeNull();
    await userEvent.selectOptions(environment, 'staging');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'PATCH', `/v1/apps/${APP_ID}`)[0].body).toEqual({ displayName: 'Mobile app', defaultEnvironmentId: STAGING_ID });
    expect(await screen.findByText('Mobile app')).toBeTruthy();
    const environments = screen.getByRole('region', { name: 'Environments' });
    expect(within(within(environments).getByRole('row', { name: /staging/ })).getByRole('cell', { name: 'Default' })).toBeTruthy();
  });

  it('deletes the app with its environments once its name is typed, then goes back to its organization', async () => {
    const api = renderConsoleAt(
      `/apps/${APP_ID}`,
      {
        [`GET /v1/apps/${APP_ID}`]: [200, mobile],
        [`GET /v1/apps/${APP_ID}/environments`]: page([production]),
        [`DELETE /v1/apps/${APP_ID}`]: [204],
      },
      { showLocation: true },
    );
    const remove = await screen.findByRole('region', { name: 'Delete' });
    expect(remove.textContent).toContain('Deletes the app and its environments');
    await userEvent.click(within(remove).getByRole('button', { name: 'Delete app' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete app' });
    await userEvent.type(within(confirm).getByLabelText('Type mobile to confirm'), 'mobile');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getByLabelText('Location').textContent).toBe(`/organizations/${ORG_ID}`));
    expect(queryOf(callsTo(api.calls, 'DELETE', `/v1/apps/${APP_ID}`)[0])).toEqual({ cascade: 'true' });
  });

  it('keeps the app when its deletion is refused, and says so', async () => {
    renderConsoleAt(`/apps/${APP_ID}`, {
      [`GET /v1/apps/${APP_ID}`]: [200, mobile],
      [`GET /v1/apps/${APP_ID}/environments`]: page([production]),
      [`DELETE /v1/apps/${APP_ID}`]: [403, { error: 'access_denied', error_description: 'You may not delete apps here.', code: 'ACCESS_DENIED' }],
    });
    const remove = await screen.findByRole('region', { name: 'Delete' });
    await userEvent.click(within(remove).getByRole('button', { name: 'Delete app' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete app' });
    await userEvent.type(within(confirm).getByLabelText('Type mobile to confirm'), 'mobile');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe('You may not delete apps here.');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(within(remove).getByRole('button', { name: 'Delete app' })).toHaveProperty('disabled', true);
    expect(within(remove).getByText('You may not delete this app.')).toBeTruthy();
  });
});
