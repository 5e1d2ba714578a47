import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { ServiceForm } from './ServiceForm';
import { descriptionOf } from './test-support/form-queries';
import { registryTypes } from './test-support/registry-types';
import type { ConfigField, CreateServiceBody, EditedService, ServiceType, UpdateServiceBody } from './types';

// The descriptors of the real registry: a field added to a config class is rendered (and checked) here.
const TYPES = registryTypes();
const CREATABLE = TYPES.filter((type) => type.type !== 'local');

function renderCreate(types: readonly ServiceType[] = TYPES) {
  const onCreate = vi.fn<(body: CreateServiceBody) => Promise<void>>(async () => undefined);
  render(<ServiceForm types={types} environmentId="env-1" organizationId="org-1" submitLabel="Create service" onCancel={() => undefined} onCreate={onCreate} />);
  return onCreate;
}

function renderEdit(service: EditedService) {
  const onUpdate = vi.fn<(body: UpdateServiceBody) => Promise<void>>(async () => undefined);
  const onCancel = vi.fn();
  render(<ServiceForm types={TYPES} environmentId="env-1" organizationId="org-1" service={service} submitLabel="Save changes" onCancel={onCancel} onUpdate={onUpdate} />);
  return { onUpdate, onCancel };
}

const input = (label: string, scope: HTMLElement = document.body) => within(scope).getByLabelText(label) as HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement;

/** Asserts the field is rendered as its kind says, inside `scope`, labelled, described by its help, required and prefilled as declared. */
function expectRendered(field: ConfigField, scope: HTMLElement, given: unknown = field.default) {
  if (field.kind === 'object' || field.kind === 'object[]') {
    const group = within(scope).getByRole('group', { name: field.label });
    expect(descriptionOf(group)).toContain(field.help);
    const defaults = (field.default ?? {}) as Record<string, unknown>;
    if (field.kind === 'object') for (const nested of field.fields ?? []) expectRendered(nested, group, defaults[nested.key] ?? nested.default);
    else expect(within(group).getByRole('button', { name: 'Add' })).toBeTruthy();
    return;
  }
  const element = input(field.label, scope);
  expect(descriptionOf(element), field.key).toContain(field.help);
  expect(element.required, field.key).toBe(field.required);
  if (field.required) expect(element.labels?.[0]?.parentElement?.textContent, field.key).toContain('*');
  const prefilled = given === undefined ? '' : String(Array.isArray(given) ? given.join('\n') : given);
  if (field.secret) {
    expect([element.type, element.value], field.key).toEqual([field.kind === 'pem' ? 'textarea' : 'password', '']);
    return;
  }
  switch (field.kind) {
    case 'boolean':
      expect([element.type, element.checked], field.key).toEqual(['checkbox', given === true]);
      return;
    case 'integer':
      expect([element.type, element.min, element.max, element.value], field.key).toEqual(['number', String(field.range![0]), String(field.range![1]), prefilled]);
      return;
    case 'enum':
      expect(element.tagName, field.key).toBe('SELECT');
      expect([...element.options].map((option) => option.value).filter(Boolean), field.key).toEqual(field.options);
      expect(element.value, field.key).toBe(prefilled);
      return;
    case 'pem':
    case 'string[]':
      expect([element.tagName, element.value], field.key).toEqual(['TEXTAREA', prefilled]);
      return;
    default:
      expect([element.tagName, element.type, element.value], field.key).toEqual(['INPUT', field.kind === 'url' ? 'url' : 'text', prefilled]);
  }
}

// Typing is simulated key by key: generous timeouts for shared, busy machines.
describe('the generated auth service form', { timeout: 30_000 }, () => {
  it('offers each type by its label, but not the built-in local one; then Name, Description and the scope', () => {
    renderCreate();
    const type = input('Type');
    expect([...type.options].map((option) => option.textContent)).toEqual(CREATABLE.map((candidate) => candidate.label));
    expect(input('Name').required).toBe(true);
    expect(input('Description').tagName).toBe('TEXTAREA');
    const scope = screen.getByRole('group', { name: 'Scope' });
    expect(within(scope).getByRole('radio', { name: 'This environment' })).toHaveProperty('checked', true);
    expect(within(scope).getByRole('radio', { name: 'Its organization' })).toHaveProperty('checked', false);
  });

  it('says when sign-in through a type is not available yet', async () => {
    const [first, second, ...rest] = CREATABLE;
    renderCreate([first, { ...second, loginAvailable: false }, ...rest]);
    const option = within(input('Type')).getByRole('option', { name: `${second.label} (sign-in not available yet)` });
    await userEvent.selectOptions(input('Type'), option);
    expect(descriptionOf(input('Type'))).toContain('not available yet');
  });

  describe.each(CREATABLE.map((type) => [type.type, type] as const))('for %s', (_, type) => {
    it('renders every field of the type in order, by its kind', async () => {
      renderCreate();
      await userEvent.selectOptions(input('Type'), type.type);
      for (const field of type.fields) expectRendered(field, document.body);
      const placed = type.fields.map((field) => (field.kind.startsWith('object') ? screen.getByRole('group', { name: field.label }) : input(field.label)));
      for (const [index, element] of placed.slice(1).entries()) {
        expect(placed[index].compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      }
      expect(placed[0].compareDocumentPosition(screen.getByLabelText('Name')) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    });
  });

  describe('creating', () => {
    const fillLdap = async (baseDn: string) => {
      await userEvent.selectOptions(input('Type'), 'ldap');
      await userEvent.type(input('Name'), 'Corporate LDAP');
      await userEvent.type(input('Provider URI'), 'ldaps://ldap.example.com');
      if (baseDn) await userEvent.type(input('Base DN'), baseDn);
      await userEvent.type(input("Redirect URI's"), 'https://app.example.com/cb{enter}myapp:/cb');
    };

    it('checks a required field before sending: its problem under it, focus on it, a summary, nothing sent', async () => {
      const onCreate = renderCreate();
      await fillLdap('');
      await userEvent.click(screen.getByRole('button', { name: 'Create service' }));
      const baseDn = input('Base DN');
      expect(baseDn.getAttribute('aria-invalid')).toBe('true');
      expect(descriptionOf(baseDn)).toContain('Base DN is required');
      expect(document.activeElement).toBe(baseDn);
      expect(screen.getByRole('alert').textContent).toContain('Base DN is required');
      expect(onCreate).not.toHaveBeenCalled();
    });

    it('checks integer ranges before sending', async () => {
      const onCreate = renderCreate();
      await fillLdap('ou=people,dc=example,dc=com');
      await userEvent.clear(input('Pool Size'));
      await userEvent.type(input('Pool Size'), '51');
      await userEvent.click(screen.getByRole('button', { name: 'Create service' }));
      expect(descriptionOf(input('Pool Size'))).toContain('Pool Size must be an integer from 0 to 50');
      expect(onCreate).not.toHaveBeenCalled();
    });

    it('sends the type, scope, and the config with defaults as prefilled and empty optional keys left out', async () => {
      const onCreate = renderCreate();
      await fillLdap('ou=people,dc=example,dc=com');
      await userEvent.type(input('Bind Password'), 'reader secret');
      await userEvent.click(screen.getByRole('radio', { name: 'Its organization' }));
      await userEvent.click(screen.getByRole('button', { name: 'Create service' }));
      expect(onCreate).toHaveBeenCalledWith({
        name: 'Corporate LDAP',
        type: 'ldap',
        scope: { organizationId: 'org-1' },
        config: {
          redirectUris: ['https://app.example.com/cb', 'myapp:/cb'],
          refreshReuseGraceSeconds: 0,
          loginPage: { mode: 'default' },
          grantTtl: 10,
          tokenTtl: 3600,
          allowRefreshTokens: true,
          refreshTokenTtl: 1_209_600,
          allowedAttributes: [],
          providerUri: 'ldaps://ldap.example.com',
          baseDn: 'ou=people,dc=example,dc=com',
          userSearchFilter: '(uid={username})',
          bindPassword: 'reader secret',
          groupMemberAttribute: 'member',
          nestedGroupDepth: 0,
          startTls: false,
          allowInsecure: false,
          userIdAttribute: 'entryUUID',
          connectTimeoutMs: 5000,
          timeoutMs: 5000,
          poolSize: 4,
        },
      });
    });

    it('keeps what was typed for the keys a newly chosen type shares', async () => {
      renderCreate();
      await userEvent.selectOptions(input('Type'), 'ldap');
      await userEvent.type(input("Redirect URI's"), 'https://app.example.com/cb');
      await userEvent.type(input('Base DN'), 'ou=people,dc=example,dc=com');
      await userEvent.selectOptions(input('Type'), 'active-directory');
      expect(input("Redirect URI's").value).toBe('https://app.example.com/cb');
      expect(input('Base DN').value).toBe('ou=people,dc=example,dc=com');
      expect(input('User ID Attribute').value).toBe('objectGUID');
    });

    it('adds and removes rows of an object[] field, each with its own fields', async () => {
      const onCreate = renderCreate();
      await fillLdap('ou=people,dc=example,dc=com');
      const mappings = screen.getByRole('group', { name: 'Data Link Header Mappings' });
      await userEvent.click(within(mappings).getByRole('button', { name: 'Add' }));
      await userEvent.click(within(mappings).getByRole('button', { name: 'Add' }));
      const first = within(mappings).getByRole('group', { name: 'Row 1' });
      await userEvent.type(input('Attribute', first), 'client_token');
      await userEvent.type(input('Header', first), 'X-Auth-Token');
      await userEvent.click(within(within(mappings).getByRole('group', { name: 'Row 2' })).getByRole('button', { name: 'Remove' }));
      expect(within(mappings).queryByRole('group', { name: 'Row 2' })).toBeNull();
      await userEvent.selectOptions(input('Mode'), 'hosted');
      await userEvent.type(input('URL'), 'https://login.example.com/');
      await userEvent.click(screen.getByRole('button', { name: 'Create service' }));
      expect(onCreate.mock.calls[0][0].config).toMatchObject({
        headerMappings: [{ attribute: 'client_token', header: 'X-Auth-Token' }],
        loginPage: { mode: 'hosted', url: 'https://login.example.com/' },
      });
    });

    it("places each of the API's config problems on its field, rows and list lines included, with a summary of all", async () => {
      const onCreate = renderCreate();
      onCreate.mockRejectedValueOnce(
        new ApiError(400, 'The service config is invalid.', 'INVALID_SERVICE_CONFIG', [
          { field: 'config.redirectUris[1]', message: 'config.redirectUris[1] must use https' },
          { field: 'config.providerUri', message: 'config.providerUri uses plain ldap:// to a remote host' },
          { field: 'config.headerMappings[0].header', message: 'config.headerMappings[0].header must be a header name of letters, digits and hyphens' },
          { field: 'config.colour', message: 'config.colour is not a setting of ldap services' },
        ]),
      );
      await fillLdap('ou=people,dc=example,dc=com');
      const mappings = screen.getByRole('group', { name: 'Data Link Header Mappings' });
      await userEvent.click(within(mappings).getByRole('button', { name: 'Add' }));
      const row = within(mappings).getByRole('group', { name: 'Row 1' });
      await userEvent.type(input('Attribute', row), 'id');
      await userEvent.type(input('Header', row), 'X Bad');
      await userEvent.click(screen.getByRole('button', { name: 'Create service' }));
      await screen.findByRole('alert');
      expect(onCreate.mock.calls[0][0].config.headerMappings).toEqual([{ attribute: 'id', header: 'X Bad' }]);
      expect(descriptionOf(input("Redirect URI's"))).toContain("Redirect URI's, line 2 must use https");
      expect(descriptionOf(input('Provider URI'))).toContain('Provider URI uses plain ldap:// to a remote host');
      expect(input('Header', row).getAttribute('aria-invalid')).toBe('true');
      expect(descriptionOf(input('Header', row))).toContain('Header must be a header name');
      expect(input('Base DN').getAttribute('aria-invalid')).toBe('false');
      expect(document.activeElement).toBe(input("Redirect URI's"));
      const summary = screen.getByRole('alert').textContent ?? '';
      for (const part of ['The service config is invalid.', 'Provider URI uses plain', 'config.colour is not a setting of ldap services']) expect(summary).toContain(part);
    });
  });

  describe('editing', () => {
    const ldap = TYPES.find((type) => type.type === 'ldap')!;
    const STORED: EditedService = {
      name: 'Corporate LDAP',
      description: null,
      type: 'ldap',
      scope: { environmentId: 'env-1' },
      config: {
        redirectUris: ['https://app.example.com/cb'],
        refreshReuseGraceSeconds: 0,
        loginPage: { mode: 'default' },
        grantTtl: 10,
        tokenTtl: 3600,
        allowRefreshTokens: true,
        refreshTokenTtl: 1_209_600,
        allowedAttributes: ['mail'],
        headerMappings: [],
        providerUri: 'ldaps://ldap.example.com',
        baseDn: 'ou=people,dc=example,dc=com',
        userSearchFilter: '(uid={username})',
        bindDn: 'cn=reader,dc=example,dc=com',
        groupSearchBase: 'ou=groups,dc=example,dc=com',
        groupMemberAttribute: 'member',
        nestedGroupDepth: 0,
        startTls: false,
        allowInsecure: false,
        userIdAttribute: 'entryUUID',
        connectTimeoutMs: 5000,
        timeoutMs: 5000,
        poolSize: 4,
      },
      secretsSet: ['bindPassword'],
    };

    it('prefills the stored config, never a secret, and keeps the type and scope fixed', () => {
      renderEdit(STORED);
      expect(input('Type')).toHaveProperty('disabled', true);
      expect(input('Type').value).toBe('ldap');
      expect(screen.getByRole('radio', { name: 'This environment' })).toHaveProperty('disabled', true);
      expect(input('Base DN').value).toBe('ou=people,dc=example,dc=com');
      expect(input('Allowed Attributes').value).toBe('mail');
      expect(input('Bind Password').value).toBe('');
      expect(input('Bind Password').required).toBe(false);
      expect(descriptionOf(input('Bind Password'))).toContain('leave empty to keep it');
      for (const field of ldap.fields.filter((candidate) => candidate.kind !== 'object' && candidate.kind !== 'object[]')) expect(input(field.label)).toBeTruthy();
    });

    it('sends only the changed keys, null for a cleared one, and no secret left empty', async () => {
      const { onUpdate } = renderEdit(STORED);
      await userEvent.clear(input('Base DN'));
      await userEvent.type(input('Base DN'), 'ou=staff,dc=example,dc=com');
      await userEvent.click(screen.getByRole('button', { name: 'Clear Group Search Base' }));
      await userEvent.clear(input('Pool Size'));
      await userEvent.type(input('Pool Size'), '8');
      await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
      expect(onUpdate).toHaveBeenCalledTimes(1);
      expect(onUpdate).toHaveBeenCalledWith({ config: { baseDn: 'ou=staff,dc=example,dc=com', groupSearchBase: null, poolSize: 8 } });
    });

    it('sends a secret once typed, and a changed name alone', async () => {
      const { onUpdate } = renderEdit(STORED);
      await userEvent.type(input('Bind Password'), 'new reader secret');
      await userEvent.clear(input('Name'));
      await userEvent.type(input('Name'), 'Staff LDAP');
      await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
      expect(onUpdate).toHaveBeenCalledWith({ name: 'Staff LDAP', config: { bindPassword: 'new reader secret' } });
    });

    it('clears a stored secret with null', async () => {
      const { onUpdate } = renderEdit(STORED);
      await userEvent.click(screen.getByRole('button', { name: 'Clear Bind Password' }));
      await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
      expect(onUpdate).toHaveBeenCalledWith({ config: { bindPassword: null } });
    });

    it('offers Clear only for optional keys that are set, and sends nothing when nothing changed', async () => {
      const { onUpdate, onCancel } = renderEdit(STORED);
      expect(screen.getByRole('button', { name: 'Clear Bind Password' })).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Clear Bind DN' })).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Clear Base DN' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Clear CA Certificate' })).toBeNull();
      await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
      expect(onUpdate).not.toHaveBeenCalled();
      expect(onCancel).toHaveBeenCalled();
    });
  });
});
