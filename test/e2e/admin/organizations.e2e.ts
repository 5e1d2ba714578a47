import { ModulesContainer } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { PERMISSION } from '../../../apps/admin-api/src/auth/permission.decorator';
import { PUBLIC_ADMIN_CONTROLLERS, startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';

/** Organizations over the admin API, the management-token door and the authority model. */
describe('admin API: organizations', () => {
  let testbed: AdminTestbed;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);

  beforeAll(async () => {
    testbed = await startAdminTestbed();
  });

  afterAll(() => testbed?.stop());

  it('creates, reads, updates, lists, rotates and deletes an organization; secrets are shown once', async () => {
    const created = await api('POST', '/v1/organizations', { name: 'globex', displayName: 'Globex' });
    expect(created.status).toBe(201);
    const organization = created.body as Record<string, string>;
    expect(organization).toMatchObject({ name: 'globex', displayName: 'Globex', clientId: expect.any(String), clientSecret: expect.any(String) });
    expect(organization.clientSecretHash).toBeUndefined();

    const fetched = (await api('GET', `/v1/organizations/${organization.id}`)).body;
    expect(fetched).toMatchObject({ id: organization.id, enabled: true });
    expect(fetched.clientSecret).toBeUndefined();

    const updated = await api('PATCH', `/v1/organizations/${organization.id}`, { displayName: 'Globex Corporation' });
    expect(updated.body).toMatchObject({ displayName: 'Globex Corporation' });

    const list = (await api('GET', '/v1/organizations?limit=10')).body as { total: number; limit: number; rows: { id: string }[] };
    expect(list).toMatchObject({ limit: 10, skip: 0 });
    expect(list.rows.map((row) => row.id)).toContain(organization.id);

    const rotated = (await api('POST', `/v1/organizations/${organization.id}/rotate-secret`)).body as { clientSecret: string };
    expect(rotated.clientSecret).not.toBe(organization.clientSecret);
    expect(await testbed.token({ grant_type: 'client_credentials', client_id: organization.clientId, client_secret: rotated.clientSecret })).toEqual(expect.any(String));
    const old = await fetch(`${testbed.gateway.adminUrl}/management/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: organization.clientId, client_secret: organization.clientSecret }),
    });
    expect(old.status).toBe(401);

    expect((await api('DELETE', `/v1/organizations/${organization.id}`)).status).toBe(204);
    expect((await api('GET', `/v1/organizations/${organization.id}`)).status).toBe(404);
    const audit = await testbed.gateway.running.runtime.database.dataSource.query(
      `SELECT action, details FROM audit_event WHERE target_id = $1 ORDER BY occurred_at`,
      [organization.id],
    );
    expect(audit.map((row: { action: string }) => row.action)).toEqual([
      'organization.create',
      'organization.update',
      'organization.rotate_secret',
      'organization.delete',
    ]);
    expect(JSON.stringify(audit)).not.toContain(rotated.clientSecret);
  });

  it('lists every bad field, refuses unknown fields and reserved names, and changes nothing', async () => {
    const before = (await api('GET', '/v1/organizations')).body as { total: number };
    const bad = await api('POST', '/v1/organizations', { name: 'X!', displayName: '', extra: 1 });
    expect(bad.status).toBe(400);
    const body = bad.body as { fields: { field: string }[]; code: string };
    expect(body.code).toBe('INVALID_PARAMETER');
    expect(body.fields.map((f) => f.field).sort()).toEqual(['displayName', 'extra', 'name']);
    const reserved = await api('POST', '/v1/organizations', { name: 'oauth' });
    expect(reserved.status).toBe(400);
    expect(reserved.body).toMatchObject({ code: 'RESERVED_NAME' });
    const after = (await api('GET', '/v1/organizations')).body as { total: number };
    expect(after.total).toBe(before.total);
    await api('POST', '/v1/organizations', { name: 'initech' });
    const taken = await api('POST', '/v1/organizations', { name: 'initech' });
    expect(taken.status).toBe(409);
  });

  it('refuses deleting an organization with apps unless cascade=true, and revokes its logins', async () => {
    const tenant = await createTenant(testbed.gateway.provisioner);
    const refused = await api('DELETE', `/v1/organizations/${tenant.organization.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'NOT_EMPTY' });
    expect((await api('DELETE', `/v1/organizations/${tenant.organization.id}?cascade=true`)).status).toBe(204);
    expect((await api('GET', `/v1/organizations/${tenant.organization.id}`)).status).toBe(404);
  });

  it('searches organizations by a prefix of the name or display name, within what the caller may read', async () => {
    for (const [name, displayName] of [['search-alpha', 'Zeta Holdings'], ['search-beta', 'Alpha_Works'], ['other-co', 'Search%Inc']]) {
      expect((await api('POST', '/v1/organizations', { name, displayName })).status).toBe(201);
    }
    const names = async (search: string, token?: string) =>
      ((await api('GET', `/v1/organizations?search=${encodeURIComponent(search)}`, undefined, token)).body as { total: number; rows: { name: string }[] }).rows.map((row) => row.name).sort();
    expect(await names('SEARCH-')).toEqual(['search-alpha', 'search-beta']);
    expect(await names('alpha')).toEqual(['search-beta']);
    // LIKE wildcards are taken literally.
    expect(await names('alpha_')).toEqual(['search-beta']);
    expect(await names('search%')).toEqual(['other-co']);
    expect(await names('_')).toEqual([]);
    const counted = (await api('GET', '/v1/organizations?search=search-&limit=1')).body as { total: number; rows: unknown[] };
    expect(counted).toMatchObject({ total: 2, limit: 1 });
    expect(counted.rows).toHaveLength(1);
    expect((await api('GET', '/v1/organizations?search=')).status).toBe(400);
    expect((await api('GET', `/v1/organizations?search=${'x'.repeat(201)}`)).status).toBe(400);
    const mine = await createTenant(testbed.gateway.provisioner);
    const orgToken = await testbed.token({ grant_type: 'client_credentials', client_id: mine.organization.clientId, client_secret: mine.organizationSecret });
    expect(await names('search-', orgToken)).toEqual([]);
  });

  it('lets an organization client see and manage its own organization only', async () => {
    const mine = await createTenant(testbed.gateway.provisioner);
    const theirs = await createTenant(testbed.gateway.provisioner);
    const orgToken = await testbed.token({ grant_type: 'client_credentials', client_id: mine.organization.clientId, client_secret: mine.organizationSecret });
    expect((await api('GET', `/v1/organizations/${mine.organization.id}`, undefined, orgToken)).status).toBe(200);
    expect((await api('GET', `/v1/organizations/${theirs.organization.id}`, undefined, orgToken)).status).toBe(404);
    expect((await api('PATCH', `/v1/organizations/${theirs.organization.id}`, { displayName: 'pwned' }, orgToken)).status).toBe(404);
    expect((await api('POST', '/v1/organizations', { name: 'another-org' }, orgToken)).status).toBe(403);
    const list = (await api('GET', '/v1/organizations', undefined, orgToken)).body as { rows: { id: string }[]; total: number };
    expect(list.rows.map((row) => row.id)).toEqual([mine.organization.id]);
    expect(list.total).toBe(1);
  });

  it('accepts management tokens only', async () => {
    expect((await api('GET', '/v1/organizations', undefined, null)).status).toBe(401);
    const tenant = await createTenant(testbed.gateway.provisioner);
    const appToken = (
      (await (
        await fetch(`${testbed.gateway.url}/oauth/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${tenant.environment.appKey}:${tenant.appSecret}`).toString('base64')}`,
          },
          body: 'grant_type=client_credentials',
        })
      ).json()) as { access_token: string }
    ).access_token;
    const refused = await api('GET', '/v1/organizations', undefined, appToken);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'invalid_token' });
  });

  it('documents the API with OpenAPI at /docs-json', async () => {
    const document = (await (await fetch(`${testbed.gateway.adminUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/organizations', '/v1/organizations/{id}']));
  });

  it('every admin route declares its permission (enumerated from the running application)', () => {
    const app = testbed.gateway.running.apps.get('admin-api')!;
    const unguarded: string[] = [];
    for (const module of app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (!metatype || PUBLIC_ADMIN_CONTROLLERS.includes(metatype.name)) continue;
        const prototype = metatype.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
          if (!Reflect.getMetadata(PERMISSION, handler)) unguarded.push(`${metatype.name}.${name} (${Reflect.getMetadata(PATH_METADATA, handler)})`);
        }
      }
    }
    expect(unguarded).toEqual([]);
  });
});
