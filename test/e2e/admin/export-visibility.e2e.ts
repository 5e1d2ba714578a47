import { randomUUID } from 'node:crypto';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';

const PASSWORD = 'export visibility strong password';

/**
 * GET /v1/organizations/:id/export follows the admin API's rule on hidden targets
 * (docs/admin-api.md, "Permissions"): a caller who may not read the organization gets the same 404
 * as for one that does not exist, so ids cannot be probed; one who may read it gets the document.
 * The operations routes name no organization: their target is the platform, never hidden (403).
 */
describe('admin API: who sees an organization export', () => {
  let testbed: AdminTestbed;
  let own: Record<string, string>;
  let other: Record<string, string>;
  let ownClient: string;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  /** A new admin with `role` on `organization`, and its management token. */
  const adminWith = async (role: string, organization: Record<string, string>) => {
    const username = `export-${role}-${randomUUID().slice(0, 8)}`;
    const { body } = await api('POST', '/v1/admins', { username, password: PASSWORD });
    expect((await api('POST', '/v1/authorities', { principal: { type: 'admin', id: body.id }, role, target: { type: 'organization', id: organization.id } })).status).toBe(201);
    return testbed.token({ grant_type: 'password', username, password: PASSWORD });
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    own = (await api('POST', '/v1/organizations', { name: 'export-own' })).body;
    other = (await api('POST', '/v1/organizations', { name: 'export-other' })).body;
    ownClient = await testbed.token({ grant_type: 'client_credentials', client_id: own.clientId, client_secret: own.clientSecret });
  });

  afterAll(() => testbed?.stop());

  it('answers another organization as it answers an unknown one: 404 NOT_FOUND, nothing about it', async () => {
    const hidden = await api('GET', `/v1/organizations/${other.id}/export`, undefined, ownClient);
    const unknown = await api('GET', `/v1/organizations/${randomUUID()}/export`, undefined, ownClient);
    expect(hidden).toMatchObject({ status: 404, body: { error: 'not_found', code: 'NOT_FOUND' } });
    expect(unknown.status).toBe(404);
    expect(hidden.body).toEqual(unknown.body);
    expect(JSON.stringify(hidden.body)).not.toContain(other.id);
    expect(JSON.stringify(hidden.body)).not.toContain('export-other');
  });

  it('hides it from an admin whose role is on another organization, even the owner role', async () => {
    const owner = await adminWith('owner', own);
    expect((await api('GET', `/v1/organizations/${own.id}/export`, undefined, owner)).status).toBe(200);
    expect(await api('GET', `/v1/organizations/${other.id}/export`, undefined, owner)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('exports to whoever may read the organization: its own client and a viewer on it', async () => {
    const viewer = await adminWith('viewer', other);
    const exported = await api('GET', `/v1/organizations/${other.id}/export`, undefined, viewer);
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ organization: expect.objectContaining({ name: 'export-other' }) });
    expect((await api('GET', `/v1/organizations/${own.id}/export`, undefined, ownClient)).status).toBe(200);
    expect((await api('GET', `/v1/organizations/${own.id}/export`, undefined, viewer)).status).toBe(404);
  });

  it('answers a malformed id as GET /v1/organizations/:id does, to a platform admin and to an organization\'s principal', async () => {
    for (const bearer of [undefined, ownClient]) {
      const exported = await api('GET', '/v1/organizations/not-a-uuid/export', undefined, bearer);
      expect(exported).toMatchObject({ status: 404, body: { error: 'not_found', code: 'NOT_FOUND' } });
      expect(exported).toEqual(await api('GET', '/v1/organizations/not-a-uuid', undefined, bearer));
    }
  });

  it('refuses the operations routes to an organization\'s principals with 403: the platform is never hidden', async () => {
    for (const [method, path] of [['GET', '/v1/operations/cleanup'], ['POST', '/v1/operations/cleanup']]) {
      expect([method, await api(method, path, undefined, ownClient)]).toEqual([method, expect.objectContaining({ status: 403, body: expect.objectContaining({ code: 'ACCESS_DENIED' }) })]);
    }
  });
});
