import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { permits } from '@rapidauth/access';
import { ClientEntity } from '@rapidauth/database';
import * as oidc from 'openid-client';
import { PERMISSION, type RoutePermission } from '../../../apps/admin-api/src/auth/permission.decorator';
import { PUBLIC_ADMIN_CONTROLLERS, startAdminTestbed, type AdminAnswer, type AdminTestbed } from '../../support/admin-api';
import { createDeviceClient, DEVICE_APP } from '../../support/device-client';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { createTenant } from '../../support/tenant';
import { make, ROUTES, type CellContext, type Effective, type RouteCase, type Tenant } from './authority-matrix.routes';

/** Each built-in role held on the own organization, and that organization's client (implicitly its admin). */
const PRINCIPALS = ['owner', 'admin', 'operator', 'viewer', 'organization client'] as const;
type PrincipalName = (typeof PRINCIPALS)[number];
const PASSWORD = 'matrix principal strong password';
/** Cells at once: enough to keep the file well under a minute on two cores. */
const CONCURRENCY = 8;

/** Reading a target: without it the target stays hidden (404); with it a refusal is a 403. */
const READ: Record<string, string> = {
  organization: 'organizations:read',
  app: 'apps:read',
  environment: 'environments:read',
  client: 'clients:read',
  account: 'accounts:read',
  'auth-service': 'auth-services:read',
  group: 'groups:read',
  grant: 'grants:read',
  'data-link': 'data-links:read',
  'app-signature': 'devices:read',
};

type Org = 'own' | 'other' | 'platform';
type Outcome = 'allowed' | 403 | 404;

interface Principal {
  readonly permissions: readonly string[];
  readonly bearer: string;
  /** Gives the principal its role on another organization too; the token to use there. */
  holdRoleOn(organization: Record<string, any>): Promise<string>;
}

interface Cell {
  readonly key: string;
  readonly entry: RouteCase;
  readonly rule: Effective;
  readonly org: Org;
}

/**
 * Each principal × each admin route × a target in its own organization and in another: allowed
 * (2xx) or refused as the route's rule and the role's seeded permissions say; lists never show the
 * other organization's rows.
 */
describe('admin API: authority matrix', () => {
  let testbed: AdminTestbed;
  let routes: Map<string, RoutePermission | undefined>;
  const tenants = {} as Record<'own' | 'other', Tenant>;
  let bystanderId: string;
  let superiorId: string;
  const principals = new Map<PrincipalName, Principal>();
  /** openid-client as each tenant's device client, by the client's row id. */
  const devices = new Map<string, oidc.Configuration>();
  /** Everything created in the other organization: no list may show any of it. */
  const foreign = new Set<string>();
  let counter = 0;

  const unique = (prefix: string) => `${prefix}-${++counter}`;

  /** As the bootstrap admin; what is created in the other organization is remembered as foreign. */
  const create = async (org: 'own' | 'other', path: string, body?: unknown, method = 'POST') => {
    const answer = await testbed.api(method, path, body);
    if (answer.status >= 300) throw new Error(`setting up ${method} ${path} as root: ${answer.status} ${JSON.stringify(answer.body)}`);
    const id = answer.body.id ?? answer.body.uid;
    if (org === 'other' && id) foreign.add(id);
    return answer.body;
  };

  const context = (org: 'own' | 'other', tenant: Tenant, principal?: Principal): CellContext => ({
    tenant,
    bystanderId,
    superiorId,
    unique,
    create: (path, body, method) => create(org, path, body, method),
    freshOrganization: async () => {
      const organization = await create(org, '/v1/organizations', { name: unique('victim') });
      return { id: organization.id, bearer: org === 'own' ? await principal!.holdRoleOn(organization) : undefined };
    },
    deviceProfile: async () => {
      const username = unique('device-user');
      await create(org, `/v1/environments/${tenant.environmentId}/users`, { username, password: PASSWORD });
      const config = devices.get(tenant.deviceClientId)!;
      const { started, callback } = await signInThroughLoginPage(testbed.gateway.url, config, DEVICE_APP.redirectUris[0], { username, password: PASSWORD });
      return ((await exchange(config, callback.location, started)) as unknown as { profile_id: string }).profile_id;
    },
  });

  /** The organization's objects, and its client's credentials. */
  const buildTenant = async (org: 'own' | 'other'): Promise<[Tenant, Record<string, string>]> => {
    const { organization, organizationSecret, app, environment, localService } = await createTenant(testbed.gateway.provisioner);
    const tenant: Record<string, string> = {
      organizationId: organization.id,
      appId: app.id,
      environmentId: environment.id,
      appKey: environment.appKey,
      localServiceId: localService.id,
    };
    if (org === 'other') Object.values(tenant).forEach((id) => foreign.add(id));
    const c = context(org, tenant as unknown as Tenant);
    tenant.clientId = (await make.client(c)).id;
    tenant.accountId = (await make.account(c)).uid;
    tenant.authServiceId = (await make.authService(c)).id;
    tenant.grantId = (await make.grant(c)).id;
    tenant.authorityId = (await make.authority(c)).id;
    tenant.groupId = (await make.group(c)).id;
    tenant.dataLinkId = (await make.dataLink(c)).id;
    tenant.appSignatureId = (await make.appSignature(c)).id;
    const device = await createDeviceClient(testbed.gateway, environment.id);
    tenant.deviceClientId = (await testbed.gateway.running.runtime.database.dataSource.manager.findOneByOrFail(ClientEntity, { clientId: device.clientId })).id;
    if (org === 'other') foreign.add(tenant.deviceClientId);
    devices.set(
      tenant.deviceClientId,
      await oidc.discovery(new URL(testbed.gateway.url), device.clientId, undefined, oidc.ClientSecretBasic(device.clientSecret), { execute: [oidc.allowInsecureRequests] }),
    );
    return [tenant as unknown as Tenant, { clientId: organization.clientId, clientSecret: organizationSecret }];
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    routes = enumerateRoutes(testbed);
    bystanderId = (await create('own', '/v1/admins', { username: 'bystander', password: PASSWORD })).id;
    const [own, ownClient] = await buildTenant('own');
    tenants.own = own;
    [tenants.other] = await buildTenant('other');
    superiorId = (await create('own', '/v1/admins', { username: 'superior', password: PASSWORD })).id;
    await create('other', '/v1/authorities', { principal: { type: 'admin', id: superiorId }, role: 'owner', target: { type: 'organization', id: tenants.other.organizationId } });

    const roles = new Map<string, string[]>(
      ((await testbed.api('GET', '/v1/roles')).body.rows as Array<{ name: string; permissions: string[] }>).map((role) => [role.name, role.permissions]),
    );
    for (const role of PRINCIPALS.filter((name) => name !== 'organization client')) {
      const admin = await create('own', '/v1/admins', { username: `matrix-${role}`, password: PASSWORD });
      const grantRole = (organizationId: string) =>
        create('own', '/v1/authorities', { principal: { type: 'admin', id: admin.id }, role, target: { type: 'organization', id: organizationId } });
      await grantRole(tenants.own.organizationId);
      const bearer = await testbed.token({ grant_type: 'password', username: `matrix-${role}`, password: PASSWORD });
      principals.set(role, { permissions: roles.get(role)!, bearer, holdRoleOn: (organization) => grantRole(organization.id).then(() => bearer) });
    }
    const clientToken = (organization: Record<string, any>) =>
      testbed.token({ grant_type: 'client_credentials', client_id: organization.clientId, client_secret: organization.clientSecret });
    principals.set('organization client', { permissions: roles.get('admin')!, bearer: await clientToken(ownClient), holdRoleOn: clientToken });
  });

  afterAll(() => testbed?.stop());

  it('has an entry for every admin route, and says what each filtered route really checks', () => {
    const withoutEntry = [...routes.keys()].filter((key) => !(key in ROUTES));
    const notARoute = Object.keys(ROUTES).filter((key) => !routes.has(key));
    expect({ withoutEntry, notARoute }).toEqual({ withoutEntry: [], notARoute: [] });
    const misdeclared = [...routes]
      .filter(([key]) => key in ROUTES)
      .flatMap(([key, declared]) => casesOf(key).filter((entry) => (declared?.target.type === 'filtered') !== (entry.effective !== undefined)).map(() => key));
    expect(misdeclared).toEqual([]);
  });

  it.each(PRINCIPALS)('%s: allowed or refused as its role says, in its organization and in another', async (name) => {
    const principal = principals.get(name)!;
    const cells: Cell[] = [...routes]
      .filter(([key]) => key in ROUTES)
      .flatMap(([key, declared]) =>
        casesOf(key).flatMap((entry) => {
          const rule = ruleOf(key, declared, entry);
          const orgs: Org[] = typeof rule === 'object' && 'on' in rule && rule.on === 'platform' ? ['platform'] : ['own', 'other'];
          return orgs.map((org) => ({ key, entry, rule, org }));
        }),
      );
    const failures = await inPool(cells, CONCURRENCY, (cell) => run(name, principal, cell));
    expect(failures.filter(Boolean)).toEqual([]);
  });

  /** One cell: undefined when it answers as expected, else what went wrong. */
  async function run(name: PrincipalName, principal: Principal, { key, entry, rule, org }: Cell): Promise<string | undefined> {
    const [method] = key.split(' ');
    const allowedByRule = expectedOutcome(rule, principal.permissions, org);
    const want = entry.beyondCaller && allowedByRule === 'allowed' ? 404 : allowedByRule;
    const where = `${name} | ${org} | ${key}${entry.label ? ` (${entry.label})` : ''}`;
    try {
      const aimedAt = org === 'other' ? 'other' : 'own';
      const request = await entry.request(context(aimedAt, tenants[aimedAt], principal));
      const answer = await testbed.api(method, request.path, request.body, request.bearer ?? principal.bearer);
      const allowed = answer.status >= 200 && answer.status < 300;
      if (want === 'allowed' ? !allowed : answer.status !== want) {
        return `${where}: expected ${want === 'allowed' ? '2xx' : want}, got ${answer.status} ${JSON.stringify(answer.body)}`;
      }
      if (entry.list && allowed) {
        const problem = rowProblem(answer, org, typeof rule === 'object' && 'rows' in rule ? permits(principal.permissions, rule.rows) : true);
        if (problem) return `${where}: ${problem}`;
      }
    } catch (error) {
      return `${where}: ${(error as Error).message}`;
    }
    return undefined;
  }

  /** Rows of the other organization never appear; the own organization's appear exactly when the caller may read them. */
  function rowProblem(answer: AdminAnswer, org: Org, readable: boolean): string | undefined {
    const rows: unknown = Array.isArray(answer.body) ? answer.body : answer.body.rows;
    if (!Array.isArray(rows)) return `expected rows, got ${JSON.stringify(answer.body)}`;
    const text = JSON.stringify(rows);
    const leaked = [...foreign].filter((id) => text.includes(id));
    if (leaked.length > 0) return `rows of the other organization (${leaked.join(', ')}) in ${text}`;
    const seesOwn = Object.values(tenants.own).some((id) => text.includes(id));
    if (org === 'own' && seesOwn !== readable) return `${readable ? 'none of its organization' : 'its organization'}'s rows in ${text}`;
    return undefined;
  }
});

function casesOf(key: string): RouteCase[] {
  const entry = ROUTES[key];
  return Array.isArray(entry) ? entry : [entry];
}

/** The guard's rule when it checks a path target; the table's when the service checks it. */
function ruleOf(key: string, declared: RoutePermission | undefined, entry: RouteCase): Effective {
  if (!declared) throw new Error(`${key} declares no permission`);
  if (declared.target.type !== 'filtered') return { permission: declared.permission, on: declared.target.type };
  if (!entry.effective) throw new Error(`${key} is filtered: its matrix entry must say what the service checks`);
  return entry.effective;
}

function expectedOutcome(rule: Effective, permissions: readonly string[], org: Org): Outcome {
  if (rule === 'any' || 'rows' in rule) return 'allowed';
  // These principals hold authorities on organizations only: nothing covers the platform, which is never hidden.
  if (rule.on === 'platform') return 403;
  if (org === 'other') return 404;
  if (permits(permissions, rule.permission)) return 'allowed';
  return permits(permissions, READ[rule.on]) ? 403 : 404;
}

/** `METHOD /path` (Nest's path, with `:params`) → the declared rule, for every route of the admin API but the public ones. */
function enumerateRoutes(testbed: AdminTestbed): Map<string, RoutePermission | undefined> {
  const app = testbed.gateway.running.apps.get('admin-api')!;
  const routes = new Map<string, RoutePermission | undefined>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype || PUBLIC_ADMIN_CONTROLLERS.includes(metatype.name)) continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const path = [Reflect.getMetadata(PATH_METADATA, metatype), Reflect.getMetadata(PATH_METADATA, handler)].join('/').replace(/\/+/g, '/').replace(/\/$/, '');
        const rule = Reflect.getMetadata(PERMISSION, handler) ?? Reflect.getMetadata(PERMISSION, metatype);
        routes.set(`${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} /${path.replace(/^\//, '')}`, rule);
      }
    }
  }
  return routes;
}

async function inPool<T, R>(items: readonly T[], size: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return results;
}
