import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { callsTo, fill, queryOf } from '../../test-support/render-console';
import { ENVIRONMENT, renderEnvironment } from '../../test-support/render-environment';
import type { Environment } from '../apps/types';

const base = `/environments/${ENVIRONMENT.id}`;
const full: Environment = { ...ENVIRONMENT, customScopes: ['orders:read'], usergridCompatibility: false, createdAt: '2026-01-01T00:00:00.000Z' };
const denied = [403, { error: 'access_denied', error_description: 'You may not do this here.', code: 'ACCESS_DENIED' }] as const;

describe("the environment page's actions", () => {
  it('edits the custom scopes and Usergrid compatibility, checking scopes before sending only what changed', async () => {
    const api = renderEnvironment(base, {
      [`GET /v1/environments/${ENVIRONMENT.id}`]: [200, full],
      [`PATCH /v1/environments/${ENVIRONMENT.id}`]: (call) => [200, { ...full, ...(call.body as object) }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit environment' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit environment' });
    const scopes = await within(dialog).findByLabelText('Custom scopes');
    expect((scopes as HTMLTextAreaElement).value).toBe('orders:read');
    await userEvent.clear(scopes);
    await fill(scopes, 'orders:read\nopenid');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('"openid" is not a scope token, or is an OpenID Connect scope.')).toBeTruthy();
    expect(scopes.getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(api.calls, 'PATCH', `/v1/environments/${ENVIRONMENT.id}`)).toHaveLength(0);

    await userEvent.clear(scopes);
    await fill(scopes, 'orders:read\norders:write');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'PATCH', `/v1/environments/${ENVIRONMENT.id}`)[0].body).toEqual({ customScopes: ['orders:read', 'orders:write'] });
    expect(await screen.findByText('The settings of production are saved.')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Edit environment' }));
    const again = await screen.findByRole('dialog', { name: 'Edit environment' });
    await userEvent.click(await within(again).findByLabelText('Usergrid compatibility'));
    await userEvent.click(within(again).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(api.calls, 'PATCH', `/v1/environments/${ENVIRONMENT.id}`)[1].body).toEqual({ usergridCompatibility: true });
  });

  it('shows a field refusal of the API beside the scopes', async () => {
    renderEnvironment(base, {
      [`GET /v1/environments/${ENVIRONMENT.id}`]: [200, full],
      [`PATCH /v1/environments/${ENVIRONMENT.id}`]: [400, { error: 'invalid_request', error_description: 'Invalid input.', code: 'INVALID_PARAMETER', fields: [{ field: 'customScopes[1]', message: 'each custom scope must be a scope token' }] }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit environment' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit environment' });
    const scopes = await within(dialog).findByLabelText('Custom scopes');
    await userEvent.clear(scopes);
    await fill(scopes, 'orders:read\nmore');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('each custom scope must be a scope token')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toBe('Invalid input.');
  });

  it('rotates the appSecret after a confirmation saying apps using the old one stop, and shows the new one once', async () => {
    const api = renderEnvironment(base, { [`POST /v1/environments/${ENVIRONMENT.id}/rotate-secret`]: [200, { ...full, appSecret: 'fresh-app-secret' }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    const confirm = await screen.findByRole('dialog', { name: 'Rotate the environment secret' });
    expect(confirm.textContent).toContain('Apps using the current appSecret of production stop authenticating at once');
    expect(callsTo(api.calls, 'POST', `/v1/environments/${ENVIRONMENT.id}/rotate-secret`)).toHaveLength(0);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    const shown = await screen.findByRole('dialog', { name: 'New environment secret' });
    expect(within(shown).getByLabelText('App key').textContent).toBe(ENVIRONMENT.appKey);
    expect(within(shown).getByLabelText('App secret').textContent).toBe('fresh-app-secret');
    await userEvent.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.body.textContent).not.toContain('fresh-app-secret');
  });

  it('deletes the environment once its name is typed, saying what goes with it, and returns to its app', async () => {
    const api = renderEnvironment(base, { [`DELETE /v1/environments/${ENVIRONMENT.id}`]: [204] });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete environment' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete environment' });
    expect(confirm.textContent).toContain('with its clients, users, auth services, authentication grants');
    const remove = within(confirm).getByRole('button', { name: 'Delete' });
    await userEvent.type(within(confirm).getByLabelText('Type production to confirm'), 'productio');
    expect((remove as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(within(confirm).getByLabelText('Type production to confirm'), 'n');
    await userEvent.click(remove);
    await waitFor(() => expect(screen.getByLabelText('Location').textContent).toBe(`/apps/${ENVIRONMENT.appId}`));
    const deletes = callsTo(api.calls, 'DELETE', `/v1/environments/${ENVIRONMENT.id}`);
    expect(deletes).toHaveLength(1);
    expect(queryOf(deletes[0])).toEqual({});
  });

  it('keeps a refused rotation in its dialog and disables the action afterwards', async () => {
    renderEnvironment(base, { [`POST /v1/environments/${ENVIRONMENT.id}/rotate-secret`]: denied, [`DELETE /v1/environments/${ENVIRONMENT.id}`]: denied });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    const confirm = await screen.findByRole('dialog', { name: 'Rotate the environment secret' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe('You may not do this here.');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect((screen.getByRole('button', { name: 'Rotate secret' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Delete environment' }));
    const deleting = await screen.findByRole('dialog', { name: 'Delete environment' });
    await userEvent.type(within(deleting).getByLabelText('Type production to confirm'), 'production');
    await userEvent.click(within(deleting).getByRole('button', { name: 'Delete' }));
    expect((await within(deleting).findByRole('alert')).textContent).toBe('You may not do this here.');
    expect(screen.getByRole('heading', { level: 1, name: 'production' })).toBeTruthy();
  });
});
