import { randomUUID } from 'node:crypto';
import { AccountEntity, IdentityEntity, type Database } from '@rapidauth/database';
import { UpstreamIdentities, type UpstreamProfile } from '@rapidauth/identity';
import { identityOutcome as code } from '../../support/identity-outcome';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createTenant, provisionerOn } from '../../support/tenant';

/** Accounts of upstream logins (LDAP, AD, adaptors) on both backends: found or created once, profile kept to what is allowed. */
describe.each(BACKENDS)('upstream identities (%s)', (_label, kind) => {
  let database: Database;
  let identities: UpstreamIdentities;
  let environmentId: string;
  const serviceId = randomUUID();

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    identities = new UpstreamIdentities(database.dataSource);
    environmentId = (await createTenant(provisionerOn(database.dataSource))).environment.id;
  });

  afterAll(() => database?.close());

  const upstream = (providerUid: string, attributes: Record<string, unknown> = {}): UpstreamProfile => ({
    providerUid,
    username: 'Bob',
    email: 'Bob@Example.com',
    attributes,
  });
  const rowsOf = (providerUid: string) =>
    database.dataSource.manager.find(IdentityEntity, { where: { environmentId, provider: serviceId, providerUid } });

  it('creates one account and one identity for 20 concurrent first logins of one user', async () => {
    const providerUid = randomUUID();
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 20 }, () => identities.signIn(environmentId, serviceId, upstream(providerUid), [], now)));
    expect(new Set(results.map((result) => result.accountId)).size).toBe(1);
    expect(new Set(results.map((result) => result.identityId)).size).toBe(1);
    // Whichever way each login found the identity (created, found, or found after the race), it names it: the login claims.
    expect(results.every((result) => result.provider === serviceId && result.providerUid === providerUid)).toBe(true);
    const rows = await rowsOf(providerUid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: results[0].identityId, accountId: results[0].accountId, usernameNormalized: 'bob', emailNormalized: 'bob@example.com', passwordHash: null });
    expect(rows[0].lastLoginAt!.getTime()).toBe(now.getTime());
    const accounts = await database.dataSource.manager.find(AccountEntity, { where: { environmentId } });
    expect(accounts.filter((account) => account.id === results[0].accountId)).toHaveLength(1);
    // No account without an identity was left by the logins that lost the race.
    const orphans = await database.dataSource.query(
      `SELECT count(*)::int AS n FROM "account" WHERE "environment_id" = $1 AND NOT EXISTS (SELECT 1 FROM "identity" WHERE "identity"."account_id" = "account"."id")`,
      [environmentId],
    );
    expect(orphans[0].n).toBe(0);
  });

  it('finds the same account on the next login, recording it', async () => {
    const providerUid = randomUUID();
    const first = await identities.signIn(environmentId, serviceId, upstream(providerUid), [], new Date('2026-01-01T00:00:00Z'));
    const later = new Date('2026-01-02T00:00:00Z');
    expect(await identities.signIn(environmentId, serviceId, upstream(providerUid), [], later)).toEqual(first);
    const account = await database.dataSource.manager.findOneByOrFail(AccountEntity, { id: first.accountId });
    expect(account.lastLoginAt!.getTime()).toBe(later.getTime());
    // Another service's user of the same uid is another identity.
    expect((await identities.signIn(environmentId, randomUUID(), upstream(providerUid), [], later)).accountId).not.toBe(first.accountId);
  });

  it('keeps only the allowed attributes, with id and audience, replaced on each login', async () => {
    const providerUid = randomUUID();
    const attributes = { groups: ['staff', 'admins'], department: 'R&D', homeDirectory: '/home/bob', id: 'spoofed', audience: 'spoofed' };
    await identities.signIn(environmentId, serviceId, upstream(providerUid, attributes), ['groups', 'department', 'mail'], new Date());
    expect((await rowsOf(providerUid))[0].profile).toEqual({ groups: ['staff', 'admins'], department: 'R&D', id: providerUid, audience: serviceId });

    await identities.signIn(environmentId, serviceId, upstream(providerUid, { groups: ['staff'], department: 'Sales' }), ['groups'], new Date());
    expect((await rowsOf(providerUid))[0].profile).toEqual({ groups: ['staff'], id: providerUid, audience: serviceId });
  });

  it('refuses a disabled account without recording the login or touching its profile', async () => {
    const providerUid = randomUUID();
    const before = new Date('2026-01-01T00:00:00Z');
    const { accountId } = await identities.signIn(environmentId, serviceId, upstream(providerUid, { groups: ['staff'] }), ['groups'], before);
    await database.dataSource.manager.update(AccountEntity, { id: accountId }, { disabled: true });
    expect(await code(identities.signIn(environmentId, serviceId, upstream(providerUid, { groups: ['admins'] }), ['groups'], new Date()))).toBe('ACCOUNT_DISABLED');
    const [row] = await rowsOf(providerUid);
    expect(row.profile.groups).toEqual(['staff']);
    expect(row.lastLoginAt!.getTime()).toBe(before.getTime());
  });

  it('does not keep a username or email too long for the identity', async () => {
    const providerUid = randomUUID();
    await identities.signIn(environmentId, serviceId, { providerUid, username: 'u'.repeat(256), email: `${'e'.repeat(320)}@x`, attributes: {} }, [], new Date());
    expect((await rowsOf(providerUid))[0]).toMatchObject({ usernameNormalized: null, emailNormalized: null });
  });
});
