import { AuthorityEntity, RoleEntity } from '@rapidauth/database';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';

const PASSWORD = 'lister strong password';

/**
 * GET /v1/authorities pages in SQL: only authorities on targets the caller may read (from the
 * target or above it), `{total, limit, skip, rows}` counted by the database, in a number of
 * queries that does not grow with the rows.
 */
describe('admin API: listing authorities', () => {
  let testbed: AdminTestbed;
  let mine: Awaited<ReturnType<typeof createTenant>>;
  let foreign: Awaited<ReturnType<typeof createTenant>>;
  let listers = 0;

  const manager = () => testbed.gateway.running.runtime.database.dataSource.manager;
  /** `count` viewer authorities on a target, for principals that need not exist (listing does not look them up). */
  const seed = async (count: number, targetType: AuthorityEntity['targetType'], targetId: string) => {
    const viewer = await manager().findOneByOrFail(RoleEntity, { name: 'viewer' });
    const rows = Array.from({ length: count }, (_, i) => ({ principalType: 'organization-client' as const, principalId: `seeded-${targetId}-${i}`, roleId: viewer.id, targetType, targetId }));
    await manager().insert(AuthorityEntity, rows);
  };
  const lister = async (role: string, target: Record<string, string>) => {
    const username = `lister-${++listers}`;
    const { body } = await testbed.api('POST', '/v1/admins', { username, password: PASSWORD });
    await testbed.api('POST', '/v1/authorities', { principal: { type: 'admin', id: body.id }, role, target });
    return testbed.token({ grant_type: 'password', username, password: PASSWORD });
  };
  /** The answer, and how many statements touching the authority table it took. */
  const list = async (query: string, bearer: string) => {
    const logger = testbed.gateway.running.runtime.database.dataSource.logger;
    const spy = jest.spyOn(logger, 'logQuery');
    try {
      const answer = await testbed.api('GET', `/v1/authorities?${query}`, undefined, bearer);
      return { answer, queries: spy.mock.calls.filter(([sql]) => sql.includes('"authority"')).length };
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    mine = await createTenant(testbed.gateway.provisioner);
    foreign = await createTenant(testbed.gateway.provisioner);
    await seed(5, 'organization', mine.organization.id);
    await seed(5, 'app', mine.app.id);
    await seed(5, 'environment', mine.environment.id);
    await seed(10, 'organization', foreign.organization.id);
    await seed(10, 'environment', foreign.environment.id);
  });

  afterAll(() => testbed?.stop());

  it('pages the readable authorities in the database: an organization owner sees its organization and what lies beneath', async () => {
    const owner = await lister('owner', { type: 'organization', id: mine.organization.id });
    const first = (await list('limit=7', owner)).answer;
    expect(first.status).toBe(200);
    // 15 seeded beneath the organization, and the owner's own authority.
    expect(first.body).toMatchObject({ total: 16, limit: 7, skip: 0 });
    expect(first.body.rows).toHaveLength(7);
    const last = (await list('limit=7&skip=14', owner)).answer;
    expect(last.body).toMatchObject({ total: 16, skip: 14 });
    expect(last.body.rows).toHaveLength(2);
    const all = (await list('limit=100', owner)).answer.body.rows as Array<{ id: string; target: { id?: string } }>;
    expect(new Set([...first.body.rows, ...last.body.rows].map((row: { id: string }) => row.id)).size).toBe(9);
    expect(all.filter((row) => [foreign.organization.id, foreign.environment.id].includes(row.target.id!))).toEqual([]);
    expect((await list(`targetType=environment&targetId=${mine.environment.id}`, owner)).answer.body.total).toBe(5);
    expect((await list(`targetType=organization&targetId=${foreign.organization.id}`, owner)).answer.body).toMatchObject({ total: 0, rows: [] });
  });

  it("an app's admin sees the app's and its environments' authorities only; the platform's owner sees every one", async () => {
    const appAdmin = await lister('admin', { type: 'app', id: mine.app.id });
    expect((await list('limit=100', appAdmin)).answer.body.total).toBe(11);
    const everyone = (await list('limit=1', testbed.root)).answer.body;
    expect(everyone.total).toBeGreaterThanOrEqual(37);
    expect(everyone.rows).toHaveLength(1);
  });

  it('takes as many queries for a page of 100 rows as for a page of a few', async () => {
    const owner = await lister('owner', { type: 'organization', id: foreign.organization.id });
    const few = await list('limit=3', owner);
    expect(few.answer.body.rows).toHaveLength(3);
    await seed(80, 'environment', foreign.environment.id);
    const many = await list('limit=100', owner);
    expect(many.answer.body.rows).toHaveLength(100);
    expect(many.queries).toBe(few.queries);
    expect(few.queries).toBeLessThanOrEqual(4);
  });
});
