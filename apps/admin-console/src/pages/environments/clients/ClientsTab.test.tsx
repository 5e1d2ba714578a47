import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Routes } from '../../../test-support/fake-api';
import { callsTo, fill } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const clientsPath = `/v1/environments/${ENVIRONMENT.id}/clients`;
const client = (overrides: Record<string, unknown>) => ({
  id: 'c0000000-0000-4000-8000-000000000001',
  clientId: 'web-client-id',
  name: 'web',
  kind: 'registered',
  type: 'confidential',
  applicationType: 'web',
  firstParty: false,
  redirectUris: ['https://app.example.com/cb'],
  postLogoutRedirectUris: [],
  allowedOrigins: [],
  grantTypes: ['authorization_code', 'refresh_token'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  idTokenSignedResponseAlg: 'RS256',
  dpopBoundAccessTokens: false,
  dpopNonceRequired: false,
  enabled: true,
  ...overrides,
});
const WEB = client({});
const SPA = client({ id: 'c0000000-0000-4000-8000-000000000003', clientId: 'spa-client-id', name: 'spa', type: 'public', tokenEndpointAuthMethod: 'none' });
const DEVICE = client({ id: 'c0000000-0000-4000-8000-000000000002', clientId: 'device-1', name: 'ios device', kind: 'device', type: 'public' });

/** The client list as the API answers it: of the `kind` asked only (its total counting that kind), every kind without one. */
const clientsOfKind = (clients: ReadonlyArray<{ kind: unknown }>, total?: number): Routes[string] => (call) => {
  const query = new URL(call.url, 'http://console.test').searchParams;
  const rows = clients.filter((row) => !query.has('kind') || row.kind === query.get('kind'));
  return [200, page(rows, total ?? rows.length, Number(query.get('skip') ?? 0))];
};

const renderClients = (routes: Routes = {}) => renderEnvironment(`/environments/${ENVIRONMENT.id}/clients`, { [`GET ${clientsPath}`]: clientsOfKind([WEB, SPA, DEVICE]), ...routes });

describe('the Clients tab', () => {
  it('lists the registered clients it asks the API for (kind=registered), device clients left to the Devices tab', async () => {
    const api = renderClients();
    const table = await screen.findByRole('table', { name: 'Clients of this environment' });
    const spa = within(table).getByRole('row', { name: /spa-client-id/ });
    expect(within(spa).getAllByRole('cell').map((cell) => cell.textContent).slice(0, 4)).toEqual(['spa', 'spa-client-id', 'public', 'Enabled']);
    expect(within(spa).queryByRole('button', { name: /Rotate secret/ })).toBeNull();
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).queryByText('ios device')).toBeNull();
    expect(screen.getByText('1–2 of 2')).toBeTruthy();
    expect(callsTo(api.calls, 'GET', clientsPath).map((call) => call.url)).toEqual([`${clientsPath}?kind=registered&limit=25&skip=0`]);
  });

  it('pages through the registered clients, counting only them', async () => {
    const api = renderClients({ [`GET ${clientsPath}`]: clientsOfKind([WEB, SPA, DEVICE], 30) });
    await screen.findByRole('table');
    expect(screen.getByText('1–25 of 30')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('26–30 of 30')).toBeTruthy();
    expect(callsTo(api.calls, 'GET', clientsPath).map((call) => call.url)).toEqual([`${clientsPath}?kind=registered&limit=25&skip=0`, `${clientsPath}?kind=registered&limit=25&skip=25`]);
  });

  it('says so when there are none, with the create button', async () => {
    renderClients({ [`GET ${clientsPath}`]: [200, page([])] });
    expect(await screen.findByText('No clients yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New client' })).toBeTruthy();
  });

  it('creates a client with every field and shows its secret once', async () => {
    const api = renderClients({ [`POST ${clientsPath}`]: (call) => [201, { ...client(call.body as Record<string, unknown>), clientId: 'new-id', clientSecret: 'the-secret' }] });
    await userEvent.click(await screen.findByRole('button', { name: 'New client' }));
    const dialog = screen.getByRole('dialog', { name: 'New client' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'back office');
    await userEvent.selectOptions(within(dialog).getByLabelText('Application type'), 'native');
    await fill(within(dialog).getByLabelText('Redirect URIs'), 'com.example.app:/callback\n\nhttp://127.0.0.1/cb');
    await fill(within(dialog).getByLabelText('Post-logout redirect URIs'), 'com.example.app:/bye');
    await fill(within(dialog).getByLabelText('Allowed origins'), 'https://app.example.com');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^First-party/ }));
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Password (first-party only)' }));
    await userEvent.selectOptions(within(dialog).getByLabelText('Token endpoint authentication'), 'client_secret_post');
    await userEvent.selectOptions(within(dialog).getByLabelText('ID token signing algorithm'), 'ES256');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^DPoP-bound access tokens/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await screen.findByRole('dialog', { name: 'Client back office created' })).toBeTruthy();
    expect(screen.getByLabelText('Client secret').textContent).toBe('the-secret');
    expect(callsTo(api.calls, 'POST', clientsPath).map((call) => call.body)).toEqual([
      {
        name: 'back office',
        type: 'confidential',
        applicationType: 'native',
        firstParty: true,
        redirectUris: ['com.example.app:/callback', 'http://127.0.0.1/cb'],
        postLogoutRedirectUris: ['com.example.app:/bye'],
        allowedOrigins: ['https://app.example.com'],
        grantTypes: ['authorization_code', 'refresh_token', 'password'],
        tokenEndpointAuthMethod: 'client_secret_post',
        idTokenSignedResponseAlg: 'ES256',
        dpopBoundAccessTokens: true,
        dpopNonceRequired: false,
        enabled: true,
      },
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('the-secret')).toBeNull();
  });

  it('makes a public client authenticate with none and drops client credentials', async () => {
    const api = renderClients({ [`POST ${clientsPath}`]: (call) => [201, client(call.body as Record<string, unknown>)] });
    await userEvent.click(await screen.findByRole('button', { name: 'New client' }));
    const dialog = screen.getByRole('dialog', { name: 'New client' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'spa');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Client credentials (confidential only)' }));
    await userEvent.selectOptions(within(dialog).getByLabelText('Client type'), 'public');
    expect(within(dialog).getByRole('checkbox', { name: 'Client credentials (confidential only)' })).toHaveProperty('checked', false);
    await fill(within(dialog).getByLabelText('Redirect URIs'), 'https://spa.example.com/cb');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await screen.findByRole('dialog', { name: 'Client spa created' });
    expect(callsTo(api.calls, 'POST', clientsPath)[0].body).toMatchObject({ type: 'public', tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code', 'refresh_token'] });
  });

  it('checks names and URIs before sending, marking the fields and focusing the first', async () => {
    const api = renderClients();
    await userEvent.click(await screen.findByRole('button', { name: 'New client' }));
    const dialog = screen.getByRole('dialog', { name: 'New client' });
    await fill(within(dialog).getByLabelText('Redirect URIs'), 'not a uri');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Fix the fields marked below.');
    const name = within(dialog).getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(name);
    expect(within(dialog).getByLabelText('Redirect URIs').getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('"not a uri" is not an absolute URI.')).toBeTruthy();
    expect(callsTo(api.calls, 'POST', clientsPath)).toEqual([]);
  });

  it("shows the API's client rule beside its field and creates nothing", async () => {
    renderClients({
      [`POST ${clientsPath}`]: [400, { error: 'invalid_request', error_description: 'redirectUris "http://evil.example/cb" must use https', code: 'INVALID_CLIENT_SETTINGS', fields: [{ field: 'redirectUris', message: 'redirectUris "http://evil.example/cb" must use https' }] }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'New client' }));
    const dialog = screen.getByRole('dialog', { name: 'New client' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'web 2');
    await fill(within(dialog).getByLabelText('Redirect URIs'), 'http://evil.example/cb');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    const field = within(dialog).getByLabelText('Redirect URIs');
    expect(await within(dialog).findByRole('alert')).toHaveProperty('textContent', 'redirectUris "http://evil.example/cb" must use https');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe('redirectUris "http://evil.example/cb" must use https');
    expect(screen.getByRole('dialog', { name: 'New client' })).toBeTruthy();
  });

  it('edits a client, sending only the fields that changed', async () => {
    const api = renderClients({ [`PATCH /v1/clients/${WEB.id}`]: (call) => [200, { ...WEB, ...(call.body as object) }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit web' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit client web' });
    expect(within(dialog).getByLabelText('Redirect URIs')).toHaveProperty('value', 'https://app.example.com/cb');
    expect(within(dialog).getByLabelText('Client type')).toHaveProperty('disabled', true);
    await fill(within(dialog).getByLabelText('Redirect URIs'), '\nhttps://app.example.com/other');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'DPoP nonce required' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(callsTo(api.calls, 'PATCH', `/v1/clients/${WEB.id}`).map((call) => call.body)).toEqual([
      { redirectUris: ['https://app.example.com/cb', 'https://app.example.com/other'], dpopNonceRequired: true },
    ]);
    expect(screen.queryByRole('dialog', { name: 'Edit client web' })).toBeNull();
  });

  it('rotates a secret after confirmation and shows the new one once', async () => {
    const api = renderClients({ [`POST /v1/clients/${WEB.id}/rotate-secret`]: [200, { ...WEB, clientSecret: 'rotated-secret' }] });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate secret of web' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Rotate the secret of web?' })).getByRole('button', { name: 'Rotate' }));
    expect((await screen.findByLabelText('Client secret')).textContent).toBe('rotated-secret');
    expect(callsTo(api.calls, 'POST', `/v1/clients/${WEB.id}/rotate-secret`)).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('rotated-secret')).toBeNull();
  });

  it('disables and enables clients, and disables the action the API refuses', async () => {
    const api = renderClients({
      [`POST /v1/clients/${WEB.id}/disable`]: [403, { error: 'access_denied', error_description: 'You may not disable this client.', code: 'ACCESS_DENIED' }],
      [`GET ${clientsPath}`]: clientsOfKind([WEB, { ...SPA, enabled: false }]),
      [`POST /v1/clients/${SPA.id}/enable`]: [200, SPA],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Enable spa' }));
    expect(callsTo(api.calls, 'POST', `/v1/clients/${SPA.id}/enable`)).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Disable web' }));
    expect((await screen.findByRole('alert')).textContent).toBe('You may not disable this client.');
    expect(screen.getByRole('button', { name: 'Disable web' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('table')).toBeTruthy();
  });

  it('deletes a client after confirmation', async () => {
    const api = renderClients({ [`DELETE /v1/clients/${WEB.id}`]: [204] });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete web' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete client web?' });
    expect(callsTo(api.calls, 'DELETE', `/v1/clients/${WEB.id}`)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(callsTo(api.calls, 'DELETE', `/v1/clients/${WEB.id}`)).toHaveLength(1);
    expect(screen.queryByRole('dialog', { name: 'Delete client web?' })).toBeNull();
  });
});
