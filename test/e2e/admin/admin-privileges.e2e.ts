import { RoleEntity } from '@rapidauth/database';
import { ROOT, startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';

const PASSWORD = 'privileges strong password';

/**
 * No escalation among admins: an admin acts only on admins holding no authority it lacks, hands
 * out only what it holds, and the last platform owner can be neither disabled nor stripped of
 * ownership, even by two owners disabling each other at once.
 */
describe('admin API: privileges among admins', () => {
  let testbed: AdminTestbed;
  let rootId: string;
  let counter = 0;

  /** A new admin with `role` on `target` (nothing without a role), and its management token. */
  const admin = async (role?: string, target: Record<string, string> = { type: 'platform' }) => {
    const username = `admin-${++counter}`;
    const { body } = await testbed.api('POST', '/v1/admins', { username, password: PASSWORD });
    if (role) await grant(body.id, role, target);
    return { id: body.id as string, bearer: await testbed.token({ grant_type: 'password', username, password: PASSWORD }) };
  };
  const grant = async (adminId: string, role: string, target: Record<string, string> = { type: 'platform' }, bearer?: string) =>
    testbed.api('POST', '/v1/authorities', { principal: { type: 'admin', id: adminId }, role, target }, bearer);
  const ownerGroup = async () => {
    const { body: group } = await testbed.api('POST', '/v1/groups', { name: `owners-${++counter}` });
    await testbed.api('POST', '/v1/authorities', { principal: { type: 'group', id: group.id }, role: 'owner', target: { type: 'platform' } });
    return group.id as string;
  };
  const isDisabled = async (id: string) => (await testbed.api('GET', `/v1/admins/${id}`)).body.disabled as boolean;

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    rootId = ((await testbed.api('GET', '/v1/admins?limit=100')).body.rows as Array<{ id: string; username: string }>).find((row) => row.username === ROOT.username)!.id;
  });

  afterAll(() => testbed?.stop());

  it('operator disables the platform owner: refused, and the owner keeps managing the platform', async () => {
    const operator = await admin('operator');
    expect(await testbed.api('PATCH', `/v1/admins/${rootId}`, { disabled: true }, operator.bearer)).toMatchObject({ status: 403, body: { error: 'access_denied', code: 'ACCESS_DENIED' } });
    expect(await isDisabled(rootId)).toBe(false);
    expect((await testbed.api('GET', '/v1/admins')).status).toBe(200);

    // Over an admin holding no more than the operator, the permission works as before.
    const viewer = await admin('viewer');
    expect((await testbed.api('PATCH', `/v1/admins/${viewer.id}`, { disabled: true }, operator.bearer)).status).toBe(200);
  });

  it('admin grants itself owner via group: refused, as directly; it hands out only what it holds', async () => {
    // An access manager: may write authorities and groups platform-wide, but holds nothing else.
    const manager = testbed.gateway.running.runtime.database.dataSource.manager;
    await manager.save(manager.create(RoleEntity, { name: 'access-manager', description: 'Authorities and groups', permissions: ['authorities:*', 'groups:*', 'admins:read'] }));
    const mallory = await admin('access-manager');
    const owners = await ownerGroup();

    expect((await testbed.api('PUT', `/v1/groups/${owners}/members/${mallory.id}`, undefined, mallory.bearer)).status).toBe(403);
    expect((await testbed.api('GET', `/v1/groups/${owners}/members`)).body).toEqual([]);
    expect((await grant(mallory.id, 'owner', { type: 'platform' }, mallory.bearer)).status).toBe(403);
    expect((await testbed.api('GET', `/v1/authorities?principalType=admin&principalId=${mallory.id}`)).body.rows).toEqual([
      expect.objectContaining({ role: 'access-manager' }),
    ]);

    // Acting on the owner (who holds more) is refused too; on an admin holding nothing, within its own role, it works.
    expect((await testbed.api('PUT', `/v1/groups/${await plainGroup()}/members/${rootId}`, undefined, mallory.bearer)).status).toBe(403);
    const newcomer = await admin();
    expect((await grant(newcomer.id, 'viewer', { type: 'platform' }, mallory.bearer)).status).toBe(403);
    expect((await grant(newcomer.id, 'access-manager', { type: 'platform' }, mallory.bearer)).status).toBe(201);
  });

  it("an organization's owner cannot pull the platform owner into its group (the owner stays hidden: 404)", async () => {
    const tenant = await createTenant(testbed.gateway.provisioner);
    const organizationOwner = await admin('owner', { type: 'organization', id: tenant.organization.id });
    const { body: group } = await testbed.api('POST', '/v1/groups', { name: 'org-team', organizationId: tenant.organization.id }, organizationOwner.bearer);
    expect((await testbed.api('PUT', `/v1/groups/${group.id}/members/${rootId}`, undefined, organizationOwner.bearer)).status).toBe(404);
    const member = await admin('viewer', { type: 'organization', id: tenant.organization.id });
    expect((await testbed.api('PUT', `/v1/groups/${group.id}/members/${member.id}`, undefined, organizationOwner.bearer)).status).toBe(204);
  });

  it('the last platform owner can be neither disabled nor stripped of ownership (409 LAST_OWNER)', async () => {
    const lastOwner = { error: 'conflict', code: 'LAST_OWNER' };
    expect(await testbed.api('PATCH', `/v1/admins/${rootId}`, { disabled: true })).toMatchObject({ status: 409, body: lastOwner });
    const rootAuthority = (await testbed.api('GET', `/v1/authorities?principalType=admin&principalId=${rootId}`)).body.rows[0];
    expect(await testbed.api('DELETE', `/v1/authorities/${rootAuthority.id}`)).toMatchObject({ status: 409, body: lastOwner });

    // Ownership through a group only: the group's authority, the group and the membership are kept too.
    const owners = await ownerGroup();
    const heir = await admin();
    expect((await testbed.api('PUT', `/v1/groups/${owners}/members/${heir.id}`)).status).toBe(204);
    expect((await testbed.api('DELETE', `/v1/authorities/${rootAuthority.id}`)).status).toBe(204);
    const groupAuthority = (await testbed.api('GET', `/v1/authorities?principalType=group&principalId=${owners}`, undefined, heir.bearer)).body.rows[0];
    expect(await testbed.api('DELETE', `/v1/authorities/${groupAuthority.id}`, undefined, heir.bearer)).toMatchObject({ status: 409, body: lastOwner });
    expect(await testbed.api('DELETE', `/v1/groups/${owners}/members/${heir.id}`, undefined, heir.bearer)).toMatchObject({ status: 409, body: lastOwner });
    expect(await testbed.api('DELETE', `/v1/groups/${owners}`, undefined, heir.bearer)).toMatchObject({ status: 409, body: lastOwner });
    expect(await testbed.api('PATCH', `/v1/admins/${heir.id}`, { disabled: true }, heir.bearer)).toMatchObject({ status: 409, body: lastOwner });
    expect((await testbed.api('GET', `/v1/groups/${owners}/members`, undefined, heir.bearer)).body).toEqual([expect.objectContaining({ adminId: heir.id })]);

    expect((await grant(rootId, 'owner', { type: 'platform' }, heir.bearer)).status).toBe(201);
    expect((await testbed.api('DELETE', `/v1/groups/${owners}/members/${heir.id}`)).status).toBe(204);
  });

  async function plainGroup(): Promise<string> {
    return (await testbed.api('POST', '/v1/groups', { name: `plain-${++counter}` })).body.id;
  }
});

describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
])('admin API on %s: parallel disable of the two last owners', (_, embedded) => {
  let testbed: AdminTestbed;

  beforeAll(async () => {
    testbed = await startAdminTestbed({ embedded });
  });

  afterAll(() => testbed?.stop());

  it('leaves one owner enabled, and refuses the other with 409 LAST_OWNER', async () => {
    const rootId = ((await testbed.api('GET', '/v1/admins')).body.rows as Array<{ id: string }>)[0].id;
    await testbed.api('POST', '/v1/admins', { username: 'second-owner', password: PASSWORD });
    const second = ((await testbed.api('GET', '/v1/admins')).body.rows as Array<{ id: string; username: string }>).find((row) => row.username === 'second-owner')!;
    await testbed.api('POST', '/v1/authorities', { principal: { type: 'admin', id: second.id }, role: 'owner', target: { type: 'platform' } });
    const owners = [
      { id: rootId, bearer: testbed.root },
      { id: second.id, bearer: await testbed.token({ grant_type: 'password', username: 'second-owner', password: PASSWORD }) },
    ];

    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        testbed.api('PATCH', `/v1/admins/${owners[1].id}`, { disabled: true }, owners[0].bearer),
        testbed.api('PATCH', `/v1/admins/${owners[0].id}`, { disabled: true }, owners[1].bearer),
      ]);
      // The second is refused by the last-owner check, or, when the first has already committed, as a disabled admin's token.
      const [allowed, refused] = answers.map((answer) => answer.status).sort();
      expect({ allowed, refused: [401, 409].includes(refused) }).toEqual({ allowed: 200, refused: true });
      const survivor = answers[0].status === 200 ? owners[0] : owners[1];
      const disabled = survivor === owners[0] ? owners[1] : owners[0];
      const rows = (await testbed.api('GET', '/v1/admins', undefined, survivor.bearer)).body.rows as Array<{ id: string; disabled: boolean }>;
      expect(rows.filter((row) => !row.disabled).map((row) => row.id)).toEqual([survivor.id]);
      // The disabled owner's token stopped working; a new one comes after re-enabling.
      expect((await testbed.api('PATCH', `/v1/admins/${disabled.id}`, { disabled: false }, survivor.bearer)).status).toBe(200);
      const username = disabled.id === rootId ? ROOT.username : 'second-owner';
      disabled.bearer = await testbed.token({ grant_type: 'password', username, password: disabled.id === rootId ? ROOT.password : PASSWORD });
    }
  });
});
