import { AdminUserEntity, AuthorityEntity, RoleEntity } from '@rapidauth/database';
import { hashPassword, LocalIdentities } from '@rapidauth/identity';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { countMarks, seedExpiryRows } from '../../support/expiry-rows';
import { basicAuth, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const ALICE = { username: 'alice', password: 'correct horse battery' };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The expiry cleanup over the admin API (in-process mode: no REDIS_URL): its status, a run on
 * demand and its audit event, who may do what, bad bodies; and what it must never touch: a live
 * login keeps refreshing, and its rotated token still trips reuse detection.
 */
describe('admin API: expiry cleanup', () => {
  let testbed: AdminTestbed;
  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);

  /** An admin holding one built-in role on the platform. */
  const platformAdmin = async (role: string) => {
    const manager = testbed.gateway.running.runtime.database.dataSource.manager;
    const username = `${role}-${Math.random().toString(36).slice(2, 8)}`;
    const admin = await manager.save(manager.create(AdminUserEntity, { username, passwordHash: await hashPassword('role password ok') }));
    const { id: roleId } = await manager.findOneByOrFail(RoleEntity, { name: role });
    await manager.insert(AuthorityEntity, { principalType: 'admin', principalId: admin.id, roleId, targetType: 'platform', targetId: null });
    return testbed.token({ grant_type: 'password', username, password: 'role password ok' });
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed({ env: { CLEANUP_BATCH_SIZE: '50', AUDIT_RETENTION_DAYS: '30', TOKEN_RATE_LIMIT: '0', LOGIN_RATE_LIMIT: '0' } });
  });

  afterAll(() => testbed?.stop());

  it('answers its schedule before any run: in-process, one interval after start', async () => {
    const { status, body } = await api('GET', '/v1/operations/cleanup');
    expect(status).toBe(200);
    expect(body).toEqual({ mode: 'in-process', intervalSeconds: 300, batchSize: 50, running: false, lastRun: null, nextRunAt: expect.stringMatching(ISO) });
    const dueIn = new Date(body.nextRunAt).getTime() - Date.now();
    expect(dueIn).toBeGreaterThan(0);
    expect(dueIn).toBeLessThanOrEqual(300_000);
  });

  it('runs on demand: the expired rows go, a live login keeps refreshing and its rotated token still trips reuse detection', async () => {
    const tenant = await createTenant(testbed.gateway.provisioner);
    const { client, clientSecret } = await testbed.gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Backend',
      type: 'confidential',
      firstParty: true,
      grantTypes: ['password', 'refresh_token'],
    });
    const token = (form: Record<string, string>) => postForm(`${testbed.gateway.url}/oauth/token`, form, basicAuth(client.clientId, clientSecret!));
    await testbed.gateway.get(LocalIdentities).create(tenant.environment.id, { ...ALICE, email: 'alice@example.com' });
    const login = (await (await token({ grant_type: 'password', ...ALICE, scope: 'openid offline_access' })).json()) as { refresh_token: string };
    const rotated = login.refresh_token;
    const current = ((await (await token({ grant_type: 'refresh_token', refresh_token: rotated })).json()) as { refresh_token: string }).refresh_token;

    const dataSource = testbed.gateway.running.runtime.database.dataSource;
    const [ids] = await dataSource.query(
      `SELECT "environment_id" AS "environmentId", "account_id" AS "accountId", "identity_id" AS "identityId", "auth_service_id" AS "serviceId", "client_id" AS "clientId"
       FROM "refresh_token_family" LIMIT 1`,
    );
    const seeded = await seedExpiryRows(dataSource, ids, { gone: 120, kept: 30 });

    const { status, body } = await api('POST', '/v1/operations/cleanup', {});
    expect(status).toBe(200);
    expect(body).toEqual({
      startedAt: expect.stringMatching(ISO),
      finishedAt: expect.stringMatching(ISO),
      outcome: 'success',
      deleted: expect.objectContaining({ authorization_code: 120, refresh_token_family: 120, revocation_entry: 120, audit_event: 120, signing_key: 2 }),
    });
    const left = await countMarks(dataSource);
    expect(left.refresh_token_family).toEqual({ gone: 0, kept: seeded.refresh_token_family.kept });
    expect(left.authorization_code).toEqual({ gone: 0, kept: 30 });

    expect((await api('GET', '/v1/operations/cleanup')).body).toMatchObject({ running: false, lastRun: body });
    const audited = await api('GET', '/v1/audit-events?action=operations.cleanup');
    expect(audited.body.rows).toEqual([expect.objectContaining({ action: 'operations.cleanup', outcome: 'success' })]);

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: current });
    expect(refreshed.status).toBe(200);
    const reused = await token({ grant_type: 'refresh_token', refresh_token: rotated });
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_grant');
    const afterReuse = await token({ grant_type: 'refresh_token', refresh_token: ((await refreshed.json()) as { refresh_token: string }).refresh_token });
    expect(afterReuse.status).toBe(400);
  });

  it('takes no body or {}, and refuses any field with 400, running nothing', async () => {
    const before = (await api('GET', '/v1/operations/cleanup')).body.lastRun;
    expect((await api('POST', '/v1/operations/cleanup')).status).toBe(200);
    const refused = await api('POST', '/v1/operations/cleanup', { batchSize: 10 });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_PARAMETER', fields: [{ field: 'batchSize', message: expect.any(String) }] });
    expect((await api('POST', '/v1/operations/cleanup', [1])).status).toBe(400);
    const after = (await api('GET', '/v1/operations/cleanup')).body.lastRun;
    expect(after.startedAt > before.startedAt).toBe(true);
    const runs = (await api('GET', '/v1/audit-events?action=operations.cleanup')).body.rows;
    expect(runs).toHaveLength(2);
  });

  it('lets viewers read it, operators run it, and organizations neither', async () => {
    const viewer = await platformAdmin('viewer');
    const operator = await platformAdmin('operator');
    expect((await api('GET', '/v1/operations/cleanup', undefined, viewer)).status).toBe(200);
    expect((await api('POST', '/v1/operations/cleanup', {}, viewer)).status).toBe(403);
    expect((await api('POST', '/v1/operations/cleanup', {}, operator)).status).toBe(200);

    const organization = (await api('POST', '/v1/organizations', { name: 'initech' })).body;
    const orgToken = await testbed.token({ grant_type: 'client_credentials', client_id: organization.clientId, client_secret: organization.clientSecret });
    expect((await api('GET', '/v1/operations/cleanup', undefined, orgToken)).status).toBe(403);
    const refused = await api('POST', '/v1/operations/cleanup', {}, orgToken);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ACCESS_DENIED');
    expect((await api('GET', '/v1/operations/cleanup', undefined, null)).status).toBe(401);
  });
});
