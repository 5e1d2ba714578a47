import type { CheckTarget } from '@rapidauth/access';

/**
 * The authority matrix's table: for every admin route (`METHOD /path` as Nest declares it), how to
 * aim a valid request at one organization. Destructive routes build a fresh victim per cell, so
 * an allowed call in one cell never changes what another cell sees.
 */

/** The objects of one organization the requests aim at (built as the bootstrap admin). */
export interface Tenant {
  readonly organizationId: string;
  readonly appId: string;
  readonly environmentId: string;
  readonly appKey: string;
  readonly localServiceId: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly authServiceId: string;
  readonly groupId: string;
  readonly grantId: string;
  readonly authorityId: string;
  readonly dataLinkId: string;
  readonly appSignatureId: string;
  /** A device client registered over HTTP (its row's id, as the admin API names clients). */
  readonly deviceClientId: string;
}

export interface CellContext {
  /** The organization the cell aims at: the principal's own, or another one. */
  readonly tenant: Tenant;
  /** An admin without authorities: the subject of authority and membership changes. */
  readonly bystanderId: string;
  /** An admin holding more than any principal of the matrix (the other organization's owner). */
  readonly superiorId: string;
  /** A slug no other cell uses. */
  unique(prefix: string): string;
  /** Creates something as the bootstrap admin (throws unless 2xx) and returns the answer's body. */
  create(path: string, body?: unknown, method?: string): Promise<Record<string, any>>;
  /**
   * A fresh organization, for routes whose victim is an organization itself. In the own-organization
   * cell the principal holds its role there too, through `bearer`.
   */
  freshOrganization(): Promise<{ id: string; bearer?: string }>;
  /** A fresh user signed in through the hosted page as the tenant's device client: the new profile's id. */
  deviceProfile(): Promise<string>;
}

export interface MatrixRequest {
  readonly path: string;
  readonly body?: unknown;
  /** Instead of the principal's usual token (see freshOrganization). */
  readonly bearer?: string;
}

/**
 * What a `filtered` route really checks (the guard leaves it to the service):
 * - a permission on a target named in the body or query, like the guard's rule;
 * - `rows`: a list anyone may ask for, holding rows only where the caller has the permission;
 * - `any`: nothing tenant-specific, answered to every management token.
 */
export type Effective =
  | { readonly permission: string; readonly on: CheckTarget['type'] }
  | { readonly rows: string }
  | 'any';

export interface RouteCase {
  /** Tells cases of one route apart in failure messages. */
  readonly label?: string;
  /** Required exactly for `filtered` routes. */
  readonly effective?: Effective;
  /** A list: rows of the other organization must never appear. */
  readonly list?: boolean;
  /**
   * The request acts on an admin holding authorities the principal lacks: refused even where the
   * route's permission allows it, as a target the principal cannot see (404: it cannot read admins).
   */
  readonly beyondCaller?: boolean;
  request(c: CellContext): MatrixRequest | Promise<MatrixRequest>;
}

const PASSWORD = 'matrix has a strong password';
const LDAP = {
  redirectUris: ['https://app.example.com/callback'],
  allowedAttributes: ['mail'],
  providerUri: 'ldaps://ldap.example.com',
  baseDn: 'ou=people,dc=example,dc=com',
};

const CLOSED_LDAP = 'ldaps://127.0.0.1:1';

const app = (c: CellContext) => c.create(`/v1/organizations/${c.tenant.organizationId}/apps`, { name: c.unique('app') });
const environment = (c: CellContext) => c.create(`/v1/apps/${c.tenant.appId}/environments`, { name: c.unique('env') });
const client = (c: CellContext) =>
  c.create(`/v1/environments/${c.tenant.environmentId}/clients`, { name: 'Matrix victim', type: 'confidential', grantTypes: ['client_credentials'] });
const account = (c: CellContext) => c.create(`/v1/environments/${c.tenant.environmentId}/users`, { username: c.unique('user'), password: PASSWORD });
const authService = (c: CellContext, enabled = true) =>
  c.create('/v1/auth-services', { name: 'Matrix LDAP', type: 'ldap', scope: { environmentId: c.tenant.environmentId }, config: LDAP, enabled });
const grant = (c: CellContext, enabled = true) =>
  c.create('/v1/authentication-grants', { principalDomainId: c.tenant.environmentId, principalId: c.tenant.accountId, clientId: c.tenant.appKey, enabled });
/** Names an admin of its own, so that the bystander holds nothing the principals lack. */
const authority = async (c: CellContext, adminId?: string) =>
  c.create('/v1/authorities', {
    principal: { type: 'admin', id: adminId ?? (await c.create('/v1/admins', { username: c.unique('holder'), password: PASSWORD })).id },
    role: 'viewer',
    target: { type: 'organization', id: c.tenant.organizationId },
  });
const group = (c: CellContext) => c.create('/v1/groups', { name: c.unique('group'), organizationId: c.tenant.organizationId });
const dataLink = (c: CellContext) =>
  c.create(`/v1/environments/${c.tenant.environmentId}/data-links`, { name: c.unique('link'), backendUrl: 'https://orders.example.com/api', authServiceId: c.tenant.localServiceId });
const appSignature = (c: CellContext) =>
  c.create(`/v1/environments/${c.tenant.environmentId}/app-signatures`, {
    identifier: 'com.example.matrix',
    version: c.unique('1.0'),
    platform: 'android',
    redirectUris: ['com.example.matrix:/cb'],
  });

const removeMember = async (c: CellContext, adminId: string): Promise<MatrixRequest> => {
  const victim = await group(c);
  await c.create(`/v1/groups/${victim.id}/members/${adminId}`, undefined, 'PUT');
  return { path: `/v1/groups/${victim.id}/members/${adminId}` };
};

/** The same objects for the fixtures each cell aims at when it does not need a victim of its own. */
export const make = { client, account, authService, grant, authority, group, dataLink, appSignature };

export const ROUTES: Record<string, RouteCase | RouteCase[]> = {
  // organizations
  'POST /v1/organizations': { request: (c) => ({ path: '/v1/organizations', body: { name: c.unique('org') } }) },
  'GET /v1/organizations': { effective: { rows: 'organizations:read' }, list: true, request: () => ({ path: '/v1/organizations?limit=100' }) },
  'GET /v1/organizations/:id': { request: (c) => ({ path: `/v1/organizations/${c.tenant.organizationId}` }) },
  'PATCH /v1/organizations/:id': { request: (c) => ({ path: `/v1/organizations/${c.tenant.organizationId}`, body: { displayName: 'Matrix' } }) },
  'POST /v1/organizations/:id/rotate-secret': {
    request: async (c) => {
      const victim = await c.freshOrganization();
      return { path: `/v1/organizations/${victim.id}/rotate-secret`, bearer: victim.bearer };
    },
  },
  'DELETE /v1/organizations/:id': {
    request: async (c) => {
      const victim = await c.freshOrganization();
      return { path: `/v1/organizations/${victim.id}?cascade=true`, bearer: victim.bearer };
    },
  },
  'GET /v1/organizations/:id/export': { request: (c) => ({ path: `/v1/organizations/${c.tenant.organizationId}/export` }) },
  'POST /v1/organizations/import': {
    request: async (c) => {
      const exported = await c.create(`/v1/organizations/${c.tenant.organizationId}/export`, undefined, 'GET');
      // Authorities of admins are refused to an importer holding less than they do: not what the matrix checks.
      const document = { ...exported, authorities: exported.authorities.filter((authority: { principal: { type: string } }) => authority.principal.type !== 'admin') };
      return { path: '/v1/organizations/import', body: { document, name: c.unique('org'), clientIds: 'new' } };
    },
  },

  // apps and environments
  'POST /v1/organizations/:orgId/apps': { request: (c) => ({ path: `/v1/organizations/${c.tenant.organizationId}/apps`, body: { name: c.unique('app') } }) },
  'GET /v1/organizations/:orgId/apps': { list: true, request: (c) => ({ path: `/v1/organizations/${c.tenant.organizationId}/apps?limit=100` }) },
  'GET /v1/apps/:id': { request: (c) => ({ path: `/v1/apps/${c.tenant.appId}` }) },
  'PATCH /v1/apps/:id': { request: (c) => ({ path: `/v1/apps/${c.tenant.appId}`, body: { displayName: 'Matrix' } }) },
  'DELETE /v1/apps/:id': { request: async (c) => ({ path: `/v1/apps/${(await app(c)).id}?cascade=true` }) },
  'POST /v1/apps/:appId/environments': { request: (c) => ({ path: `/v1/apps/${c.tenant.appId}/environments`, body: { name: c.unique('env') } }) },
  'GET /v1/apps/:appId/environments': { list: true, request: (c) => ({ path: `/v1/apps/${c.tenant.appId}/environments?limit=100` }) },
  'GET /v1/environments/:id': { request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}` }) },
  'PATCH /v1/environments/:id': {
    request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}`, body: { customScopes: ['orders:read', 'orders:write'] } }),
  },
  'POST /v1/environments/:id/rotate-secret': { request: async (c) => ({ path: `/v1/environments/${(await environment(c)).id}/rotate-secret` }) },
  'DELETE /v1/environments/:id': { request: async (c) => ({ path: `/v1/environments/${(await environment(c)).id}` }) },
  'GET /v1/environments/:id/identity': { request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}/identity` }) },
  'PUT /v1/environments/:id/identity': {
    request: (c) => ({
      path: `/v1/environments/${c.tenant.environmentId}/identity`,
      body: { enabledServices: [c.tenant.localServiceId], defaultService: c.tenant.localServiceId },
    }),
  },
  'GET /v1/environments/:id/identity-methods': { request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}/identity-methods` }) },
  'PATCH /v1/environments/:id/identity-methods': {
    request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}/identity-methods`, body: { otp: { length: 6 } } }),
  },

  // clients
  'POST /v1/environments/:environmentId/clients': {
    request: (c) => ({
      path: `/v1/environments/${c.tenant.environmentId}/clients`,
      body: { name: 'Matrix backend', type: 'confidential', grantTypes: ['client_credentials'] },
    }),
  },
  'GET /v1/environments/:environmentId/clients': { list: true, request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}/clients?limit=100` }) },
  'GET /v1/clients/:id': { request: (c) => ({ path: `/v1/clients/${c.tenant.clientId}` }) },
  'PATCH /v1/clients/:id': { request: (c) => ({ path: `/v1/clients/${c.tenant.clientId}`, body: { name: 'Matrix backend' } }) },
  'POST /v1/clients/:id/disable': { request: async (c) => ({ path: `/v1/clients/${(await client(c)).id}/disable` }) },
  'POST /v1/clients/:id/enable': { request: async (c) => ({ path: `/v1/clients/${(await client(c)).id}/enable` }) },
  'POST /v1/clients/:id/rotate-secret': { request: async (c) => ({ path: `/v1/clients/${(await client(c)).id}/rotate-secret` }) },
  'DELETE /v1/clients/:id': { request: async (c) => ({ path: `/v1/clients/${(await client(c)).id}` }) },
  'GET /v1/clients/:id/profiles': { request: (c) => ({ path: `/v1/clients/${c.tenant.deviceClientId}/profiles` }) },
  'DELETE /v1/clients/:id/profiles/:profileId': { request: async (c) => ({ path: `/v1/clients/${c.tenant.deviceClientId}/profiles/${await c.deviceProfile()}` }) },

  // users (accounts)
  'POST /v1/environments/:environmentId/users': {
    request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}/users`, body: { username: c.unique('user'), password: PASSWORD } }),
  },
  'GET /v1/environments/:environmentId/users': { list: true, request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}/users?limit=100` }) },
  'GET /v1/users/:uid': { request: (c) => ({ path: `/v1/users/${c.tenant.accountId}` }) },
  'PATCH /v1/users/:uid': { request: async (c) => ({ path: `/v1/users/${(await account(c)).uid}`, body: { disabled: true } }) },
  'DELETE /v1/users/:uid': { request: async (c) => ({ path: `/v1/users/${(await account(c)).uid}` }) },
  'DELETE /v1/users/:uid/identities/:identityId': {
    request: async (c) => {
      const user = await account(c);
      return { path: `/v1/users/${user.uid}/identities/${user.identities[0].id}` };
    },
  },
  'DELETE /v1/users/:uid/mfa': { request: async (c) => ({ path: `/v1/users/${(await account(c)).uid}/mfa` }) },

  // auth services
  'GET /v1/auth-service-types': { effective: 'any', request: () => ({ path: '/v1/auth-service-types' }) },
  'POST /v1/auth-services': {
    effective: { permission: 'auth-services:write', on: 'environment' },
    request: (c) => ({ path: '/v1/auth-services', body: { name: 'Matrix LDAP', type: 'ldap', scope: { environmentId: c.tenant.environmentId }, config: LDAP } }),
  },
  // A closed loopback port: the connection test answers at once (connect fails), with no lookup leaving the machine.
  'POST /v1/auth-services/test': {
    effective: { permission: 'auth-services:write', on: 'environment' },
    request: (c) => ({
      path: '/v1/auth-services/test',
      body: { name: 'Matrix LDAP', type: 'ldap', scope: { environmentId: c.tenant.environmentId }, config: { ...LDAP, providerUri: CLOSED_LDAP } },
    }),
  },
  'POST /v1/auth-services/:id/test': { request: (c) => ({ path: `/v1/auth-services/${c.tenant.authServiceId}/test`, body: { config: { providerUri: CLOSED_LDAP } } }) },
  'GET /v1/auth-services': [
    {
      label: 'by environment',
      effective: { permission: 'auth-services:read', on: 'environment' },
      list: true,
      request: (c) => ({ path: `/v1/auth-services?environmentId=${c.tenant.environmentId}&limit=100` }),
    },
    {
      label: 'by organization',
      effective: { permission: 'auth-services:read', on: 'organization' },
      list: true,
      request: (c) => ({ path: `/v1/auth-services?organizationId=${c.tenant.organizationId}&limit=100` }),
    },
  ],
  'GET /v1/auth-services/:id': { request: (c) => ({ path: `/v1/auth-services/${c.tenant.authServiceId}` }) },
  'PATCH /v1/auth-services/:id': { request: (c) => ({ path: `/v1/auth-services/${c.tenant.authServiceId}`, body: { description: 'Matrix' } }) },
  'POST /v1/auth-services/:id/disable': { request: async (c) => ({ path: `/v1/auth-services/${(await authService(c)).id}/disable` }) },
  'POST /v1/auth-services/:id/enable': { request: async (c) => ({ path: `/v1/auth-services/${(await authService(c, false)).id}/enable` }) },
  'DELETE /v1/auth-services/:id': { request: async (c) => ({ path: `/v1/auth-services/${(await authService(c)).id}` }) },

  // authentication grants
  'POST /v1/authentication-grants': {
    effective: { permission: 'grants:write', on: 'environment' },
    request: (c) => ({
      path: '/v1/authentication-grants',
      body: { principalDomainId: c.tenant.environmentId, principalId: c.tenant.accountId, clientId: c.tenant.appKey, title: 'Matrix' },
    }),
  },
  'GET /v1/authentication-grants': { effective: { rows: 'grants:read' }, list: true, request: () => ({ path: '/v1/authentication-grants?limit=100' }) },
  'POST /v1/authentication-grants/query': {
    effective: { rows: 'grants:read' },
    list: true,
    request: (c) => ({ path: '/v1/authentication-grants/query', body: { query: { principalDomainId: c.tenant.environmentId }, limit: 100 } }),
  },
  'GET /v1/authentication-grants/:id': { request: (c) => ({ path: `/v1/authentication-grants/${c.tenant.grantId}` }) },
  'PATCH /v1/authentication-grants/:id': { request: (c) => ({ path: `/v1/authentication-grants/${c.tenant.grantId}`, body: { title: 'Matrix' } }) },
  'POST /v1/authentication-grants/:id/disable': { request: async (c) => ({ path: `/v1/authentication-grants/${(await grant(c)).id}/disable` }) },
  'POST /v1/authentication-grants/:id/enable': { request: async (c) => ({ path: `/v1/authentication-grants/${(await grant(c, false)).id}/enable` }) },
  'POST /v1/authentication-grants/:id/rotate': { request: async (c) => ({ path: `/v1/authentication-grants/${(await grant(c)).id}/rotate` }) },
  'DELETE /v1/authentication-grants/:id': { request: async (c) => ({ path: `/v1/authentication-grants/${(await grant(c)).id}` }) },

  // data links
  'POST /v1/environments/:environmentId/data-links': {
    request: (c) => ({
      path: `/v1/environments/${c.tenant.environmentId}/data-links`,
      body: { name: c.unique('link'), backendUrl: 'https://orders.example.com/api', authServiceId: c.tenant.localServiceId },
    }),
  },
  'GET /v1/environments/:environmentId/data-links': { list: true, request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}/data-links?limit=100` }) },
  'GET /v1/data-links/:id': { request: (c) => ({ path: `/v1/data-links/${c.tenant.dataLinkId}` }) },
  'PATCH /v1/data-links/:id': { request: (c) => ({ path: `/v1/data-links/${c.tenant.dataLinkId}`, body: { timeoutMs: 5000 } }) },
  'DELETE /v1/data-links/:id': { request: async (c) => ({ path: `/v1/data-links/${(await dataLink(c)).id}` }) },

  // app signatures (devices)
  'POST /v1/environments/:environmentId/app-signatures': {
    request: (c) => ({
      path: `/v1/environments/${c.tenant.environmentId}/app-signatures`,
      body: { identifier: 'com.example.matrix', version: c.unique('2.0'), platform: 'ios', redirectUris: ['com.example.matrix:/cb'] },
    }),
  },
  'GET /v1/environments/:environmentId/app-signatures': { list: true, request: (c) => ({ path: `/v1/environments/${c.tenant.environmentId}/app-signatures?limit=100` }) },
  'GET /v1/app-signatures/:id': { request: (c) => ({ path: `/v1/app-signatures/${c.tenant.appSignatureId}` }) },
  'PATCH /v1/app-signatures/:id': { request: (c) => ({ path: `/v1/app-signatures/${c.tenant.appSignatureId}`, body: { pinMaxAttempts: 4 } }) },
  'POST /v1/app-signatures/:id/revoke-devices': { request: async (c) => ({ path: `/v1/app-signatures/${(await appSignature(c)).id}/revoke-devices` }) },
  'DELETE /v1/app-signatures/:id': { request: async (c) => ({ path: `/v1/app-signatures/${(await appSignature(c)).id}` }) },

  // admins, authorities, groups, roles
  'POST /v1/admins': { request: (c) => ({ path: '/v1/admins', body: { username: c.unique('admin'), password: PASSWORD } }) },
  'GET /v1/admins': { request: () => ({ path: '/v1/admins' }) },
  'GET /v1/admins/:id': { request: (c) => ({ path: `/v1/admins/${c.bystanderId}` }) },
  'PATCH /v1/admins/:id': {
    request: async (c) => ({ path: `/v1/admins/${(await c.create('/v1/admins', { username: c.unique('admin'), password: PASSWORD })).id}`, body: { disabled: true } }),
  },
  'POST /v1/authorities': [
    {
      effective: { permission: 'authorities:write', on: 'organization' },
      request: (c) => ({
        path: '/v1/authorities',
        body: { principal: { type: 'admin', id: c.bystanderId }, role: 'viewer', target: { type: 'organization', id: c.tenant.organizationId } },
      }),
    },
    {
      label: 'to an admin holding more than the caller',
      effective: { permission: 'authorities:write', on: 'organization' },
      beyondCaller: true,
      request: (c) => ({
        path: '/v1/authorities',
        body: { principal: { type: 'admin', id: c.superiorId }, role: 'viewer', target: { type: 'organization', id: c.tenant.organizationId } },
      }),
    },
  ],
  'GET /v1/authorities': {
    effective: { rows: 'authorities:read' },
    list: true,
    request: (c) => ({ path: `/v1/authorities?targetType=organization&targetId=${c.tenant.organizationId}&limit=100` }),
  },
  'DELETE /v1/authorities/:id': [
    {
      effective: { permission: 'authorities:write', on: 'organization' },
      request: async (c) => ({ path: `/v1/authorities/${(await authority(c)).id}` }),
    },
    {
      label: 'of an admin holding more than the caller',
      effective: { permission: 'authorities:write', on: 'organization' },
      beyondCaller: true,
      request: async (c) => ({ path: `/v1/authorities/${(await authority(c, c.superiorId)).id}` }),
    },
  ],
  'GET /v1/roles': { effective: 'any', request: () => ({ path: '/v1/roles' }) },
  'POST /v1/groups': {
    effective: { permission: 'groups:write', on: 'organization' },
    request: (c) => ({ path: '/v1/groups', body: { name: c.unique('group'), organizationId: c.tenant.organizationId } }),
  },
  'GET /v1/groups': [
    { label: 'every visible one', effective: { rows: 'groups:read' }, list: true, request: () => ({ path: '/v1/groups?limit=100' }) },
    {
      label: 'of an organization',
      effective: { permission: 'groups:read', on: 'organization' },
      list: true,
      request: (c) => ({ path: `/v1/groups?organizationId=${c.tenant.organizationId}&limit=100` }),
    },
  ],
  'GET /v1/groups/:id': { request: (c) => ({ path: `/v1/groups/${c.tenant.groupId}` }) },
  'PATCH /v1/groups/:id': { request: (c) => ({ path: `/v1/groups/${c.tenant.groupId}`, body: { description: 'Matrix' } }) },
  'DELETE /v1/groups/:id': { request: async (c) => ({ path: `/v1/groups/${(await group(c)).id}` }) },
  'GET /v1/groups/:id/members': { request: (c) => ({ path: `/v1/groups/${c.tenant.groupId}/members` }) },
  'PUT /v1/groups/:id/members/:adminId': [
    { request: async (c) => ({ path: `/v1/groups/${(await group(c)).id}/members/${c.bystanderId}` }) },
    {
      label: 'an admin holding more than the caller',
      beyondCaller: true,
      request: async (c) => ({ path: `/v1/groups/${(await group(c)).id}/members/${c.superiorId}` }),
    },
  ],
  'DELETE /v1/groups/:id/members/:adminId': [
    { request: (c) => removeMember(c, c.bystanderId) },
    { label: 'an admin holding more than the caller', beyondCaller: true, request: (c) => removeMember(c, c.superiorId) },
  ],

  // operations
  'POST /v1/signing-keys/rotate': { request: () => ({ path: '/v1/signing-keys/rotate', body: { alg: 'ES256' } }) },
  'POST /v1/vault/rotate': { request: () => ({ path: '/v1/vault/rotate' }) },
  'GET /v1/vault/keys': { request: () => ({ path: '/v1/vault/keys' }) },
  'GET /v1/operations/cleanup': { request: () => ({ path: '/v1/operations/cleanup' }) },
  'POST /v1/operations/cleanup': { request: () => ({ path: '/v1/operations/cleanup', body: {} }) },
  'GET /v1/audit-events': [
    {
      label: 'of an organization',
      effective: { permission: 'audit:read', on: 'organization' },
      list: true,
      request: (c) => ({ path: `/v1/audit-events?organizationId=${c.tenant.organizationId}&limit=100` }),
    },
    { label: 'platform-wide', effective: { permission: 'audit:read', on: 'platform' }, request: () => ({ path: '/v1/audit-events?limit=100' }) },
  ],
};
