import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../test-support/fake-api';
import { callsTo } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';

const LOCAL = { id: 'a0000000-0000-4000-8000-000000000001', name: 'local', type: 'local', enabled: true, scope: { environmentId: ENVIRONMENT.id } };
const LDAP = { id: 'a0000000-0000-4000-8000-000000000002', name: 'corp-ldap', type: 'ldap', enabled: true, scope: { organizationId: ENVIRONMENT.organizationId } };
const identityPath = `/v1/environments/${ENVIRONMENT.id}/identity`;

const renderIdentity = (put: (call: RecordedCall) => readonly [number, unknown?]) =>
  renderEnvironment(`/environments/${ENVIRONMENT.id}/identity`, {
    'GET /v1/auth-services': [200, page([LOCAL, LDAP])],
    [`GET ${identityPath}`]: [200, { enabledServices: [LOCAL.id], defaultService: LOCAL.id }],
    [`PUT ${identityPath}`]: put,
  });

describe('the Identity tab', () => {
  it("lists the environment's and its organization's services, the enabled ones checked and the default chosen", async () => {
    const api = renderIdentity(() => [200, {}]);
    const enabled = await screen.findByRole('group', { name: 'Enabled services' });
    expect(within(enabled).getByRole('checkbox', { name: 'local (local)' })).toHaveProperty('checked', true);
    expect(within(enabled).getByRole('checkbox', { name: 'corp-ldap (ldap, organization-wide)' })).toHaveProperty('checked', false);
    const defaults = screen.getByRole('group', { name: 'Default service' });
    expect(within(defaults).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual([LOCAL.id]);
    expect(within(defaults).getByRole('radio', { name: 'local (local)' })).toHaveProperty('checked', true);
    expect(api.calls.find((call) => call.url.startsWith('/v1/auth-services'))?.url).toBe(`/v1/auth-services?environmentId=${ENVIRONMENT.id}&limit=100`);
  });

  it('puts the enabled services and the chosen default', async () => {
    const api = renderIdentity((call) => [200, call.body]);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'corp-ldap (ldap, organization-wide)' }));
    await userEvent.click(within(screen.getByRole('group', { name: 'Default service' })).getByRole('radio', { name: 'corp-ldap (ldap, organization-wide)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(callsTo(api.calls, 'PUT', identityPath).map((call) => call.body)).toEqual([{ enabledServices: [LOCAL.id, LDAP.id], defaultService: LDAP.id }]);
  });

  it('sends nothing while no service is enabled, and says why beside the group', async () => {
    const api = renderIdentity(() => [200, {}]);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'local (local)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Fix the fields marked below.');
    expect(screen.getByRole('group', { name: 'Enabled services' }).textContent).toContain('Enable at least one service.');
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'local (local)' }));
    expect(callsTo(api.calls, 'PUT', identityPath)).toEqual([]);
  });

  it("shows the API's refusal beside the field it names", async () => {
    renderIdentity(() => [404, { error: 'not_found', error_description: 'no such auth service in this environment or its organization', code: 'NOT_FOUND', fields: [{ field: 'enabledServices[1]', message: 'no such auth service in this environment or its organization' }] }]);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'corp-ldap (ldap, organization-wide)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('no such auth service in this environment or its organization');
    const ldap = screen.getByRole('checkbox', { name: 'corp-ldap (ldap, organization-wide)' });
    expect(ldap.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('Saved.')).toBeNull();
  });
});
