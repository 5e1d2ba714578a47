import { ensureBootstrapAdmin } from '@rapidauth/access';
import {
  AdminUserEntity,
  ALL_MIGRATIONS,
  AuditEventEntity,
  AuthorityEntity,
  openDatabase,
  RoleEntity,
  runMigrations,
  type Database,
} from '@rapidauth/database';
import { verifyPassword } from '@rapidauth/identity';
import { startupFailureLines } from '@rapidauth/runtime';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';

describe('bootstrap admin (PostgreSQL)', () => {
  let scratch: ScratchDatabase;
  let first: Database;
  let second: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    first = await openDatabase({ kind: 'postgres', url: scratch.url });
    second = await openDatabase({ kind: 'postgres', url: scratch.url });
    // Two instances migrating at once: the advisory lock lets one apply, the other finds nothing to do.
    const applied = await Promise.all([runMigrations(first), runMigrations(second)]);
    expect(applied.map((names) => names.length).sort()).toEqual([0, ALL_MIGRATIONS.length]);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await scratch?.drop();
  });

  it('refuses a common bootstrap password with one line naming BOOTSTRAP_ADMIN_PASSWORD, creating nothing', async () => {
    for (const password of ['Password123', 'administrator', 'aaaaaaaaaaaa']) {
      const refused = await ensureBootstrapAdmin(first.dataSource, { username: 'root', password: Buffer.from(password) }).catch((error: unknown) => error);
      expect(startupFailureLines(refused)).toEqual(['invalid configuration: BOOTSTRAP_ADMIN_PASSWORD: password is too common; choose another']);
      expect(startupFailureLines(refused).join('\n')).not.toContain(password);
    }
    expect(await first.dataSource.manager.count(AdminUserEntity)).toBe(0);
  });

  it('creates exactly one platform owner when two instances start together', async () => {
    const credentials = { username: 'Root', password: Buffer.from('a long enough password') };
    const results = await Promise.all([
      ensureBootstrapAdmin(first.dataSource, credentials),
      ensureBootstrapAdmin(second.dataSource, credentials),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);

    const admins = await first.dataSource.manager.find(AdminUserEntity);
    expect(admins).toHaveLength(1);
    expect(admins[0].username).toBe('root');
    expect(admins[0].passwordHash).toMatch(/^\$argon2id\$/);
    await expect(verifyPassword(admins[0].passwordHash, 'a long enough password')).resolves.toBe(true);

    const owner = await first.dataSource.manager.findOneByOrFail(RoleEntity, { name: 'owner' });
    const authorities = await first.dataSource.manager.findBy(AuthorityEntity, { principalId: admins[0].id });
    expect(authorities).toEqual([
      expect.objectContaining({ principalType: 'admin', roleId: owner.id, targetType: 'platform', targetId: null }),
    ]);
    const audit = await first.dataSource.manager.findBy(AuditEventEntity, { action: 'admin.bootstrap' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('a long enough password');
  });

  it('does nothing once an admin exists, whatever the variables say', async () => {
    const result = await ensureBootstrapAdmin(first.dataSource, {
      username: 'someone-else',
      password: Buffer.from('another long password'),
    });
    expect(result).toEqual({ created: false });
    expect(await first.dataSource.manager.count(AdminUserEntity)).toBe(1);
  });
});
