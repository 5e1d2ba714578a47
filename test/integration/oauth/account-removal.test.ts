import { InvalidTokenError, NotFoundError, type Revocations } from '@rapidauth/oauth';
import type { Database } from '@rapidauth/database';
import { AccountRemoval } from '../../../libs/oauth/src/account/account-removal';
import { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import { RevocationRepository } from '../../../libs/oauth/src/revocation/revocation.repository';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createTenant, provisionerOn } from '../../support/tenant';

/** How a removal ended: its outcome, or the class of the OAuth error that refused it. */
const settled = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ outcome: 'done', value }),
    (error: unknown) => ({ outcome: error instanceof InvalidTokenError ? 'invalid_token' : error instanceof NotFoundError ? 'not_found' : `unexpected ${error}` }),
  );

/**
 * Removing identities and accounts on both backends (docs/gateway.md#account-self-service): each
 * removal locks the account, so concurrent ones queue; an account never outlives its last identity,
 * nothing is removed twice, and a login revoked by one removal cannot go on with another.
 */
describe.each(BACKENDS)('account removal (%s)', (_label, kind) => {
  let database: Database;
  let environmentId: string;
  let clientId: string;
  let removal: AccountRemoval;
  const announce = jest.fn();

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    const tenant = await createTenant(provisionerOn(database.dataSource));
    environmentId = tenant.environment.id;
    clientId = tenant.environment.appKey;
    const refreshTokens = new RefreshTokens(database.dataSource, new RevocationRepository(database.dataSource), { announce } as unknown as Revocations);
    removal = new AccountRemoval(database.dataSource, refreshTokens);
  });

  afterAll(() => database?.close());

  const query = <T>(sql: string, params: unknown[]) => database.dataSource.query(sql, params) as Promise<T>;
  const one = async <T>(sql: string, params: unknown[]) => (await query<T[]>(sql, params))[0];

  /** An account with two identities, each with one login (a token family): their ids. */
  const account = async () => {
    const { id: uid } = await one<{ id: string }>(`INSERT INTO "account" ("environment_id") VALUES ($1) RETURNING "id"`, [environmentId]);
    const login = async (name: string) => {
      const { id: identityId } = await one<{ id: string }>(
        `INSERT INTO "identity" ("account_id", "environment_id", "provider", "provider_uid") VALUES ($1, $2, 'local', $3) RETURNING "id"`,
        [uid, environmentId, `${name}-${uid}`],
      );
      const { id: familyId } = await one<{ id: string }>(
        `INSERT INTO "refresh_token_family" ("environment_id", "client_id", "account_id", "identity_id", "auth_time", "absolute_expires_at")
         VALUES ($1, $2, $3, $4, now(), now() + interval '1 hour') RETURNING "id"`,
        [environmentId, clientId, uid, identityId],
      );
      return { identityId, familyId };
    };
    return { uid, a: await login('a'), b: await login('b') };
  };
  const identitiesOf = async (uid: string) => (await query<{ id: string }[]>(`SELECT "id" FROM "identity" WHERE "account_id" = $1`, [uid])).map((row) => row.id);
  const accountExists = async (uid: string) => (await query<unknown[]>(`SELECT 1 FROM "account" WHERE "id" = $1`, [uid])).length === 1;
  const revoked = async (familyId: string) => {
    const family = await one<{ revoked_at: Date | null }>(`SELECT "revoked_at" FROM "refresh_token_family" WHERE "id" = $1`, [familyId]);
    const entry = await one<{ count: number }>(`SELECT count(*)::int AS "count" FROM "revocation_entry" WHERE "kind" = 'family' AND "value" = $1`, [familyId]);
    return { familyRevoked: family?.revoked_at != null, revocationEntries: entry.count };
  };

  it("unlinking one identity revokes only that identity's logins, recorded for every instance; the last one takes the account", async () => {
    const { uid, a, b } = await account();
    expect(await removal.removeIdentity({ accountId: uid, identityId: b.identityId, identityField: 'id', login: a })).toEqual({ provider: 'local', accountRemoved: false });
    expect(await identitiesOf(uid)).toEqual([a.identityId]);
    expect(await revoked(b.familyId)).toEqual({ familyRevoked: true, revocationEntries: 1 });
    expect(await revoked(a.familyId)).toEqual({ familyRevoked: false, revocationEntries: 0 });

    expect(await removal.removeIdentity({ accountId: uid, identityId: a.identityId, identityField: 'identity', login: a })).toEqual({ provider: 'local', accountRemoved: true });
    expect(await accountExists(uid)).toBe(false);
    // The family rows went with the account; the revocation entries stay until its tokens expire.
    expect(await revoked(a.familyId)).toEqual({ familyRevoked: false, revocationEntries: 1 });
  });

  it('two logins removing their own identities at once: one unlinks, the other takes the account', async () => {
    for (let round = 0; round < 3; round++) {
      const { uid, a, b } = await account();
      const answers = await Promise.all(
        [a, b].map((login) => settled(removal.removeIdentity({ accountId: uid, identityId: login.identityId, identityField: 'identity', login }))),
      );
      expect(answers.map((answer) => answer.outcome)).toEqual(['done', 'done']);
      expect(answers.map((answer) => (answer as { value: { accountRemoved: boolean } }).value.accountRemoved).sort()).toEqual([false, true]);
      expect(await accountExists(uid)).toBe(false);
    }
  });

  it('two logins unlinking each other at once: the second finds its login revoked by the first and removes nothing', async () => {
    for (let round = 0; round < 3; round++) {
      const { uid, a, b } = await account();
      const answers = await Promise.all([
        settled(removal.removeIdentity({ accountId: uid, identityId: b.identityId, identityField: 'id', login: a })),
        settled(removal.removeIdentity({ accountId: uid, identityId: a.identityId, identityField: 'id', login: b })),
      ]);
      expect(answers.map((answer) => answer.outcome).sort()).toEqual(['done', 'invalid_token']);
      const survivor = answers[0].outcome === 'done' ? a : b;
      expect(await identitiesOf(uid)).toEqual([survivor.identityId]);
      expect(await revoked(survivor.familyId)).toEqual({ familyRevoked: false, revocationEntries: 0 });
    }
  });

  it('one identity removed by several requests at once is removed once', async () => {
    const { uid, a, b } = await account();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => settled(removal.removeIdentity({ accountId: uid, identityId: b.identityId, identityField: 'id', login: a }))),
    );
    expect(answers.map((answer) => answer.outcome).sort()).toEqual(['done', 'not_found', 'not_found', 'not_found']);
    expect(await identitiesOf(uid)).toEqual([a.identityId]);
    expect(await revoked(b.familyId)).toEqual({ familyRevoked: true, revocationEntries: 1 });
  });

  it('an account removal racing an unlink: the account goes, with every login revoked', async () => {
    const { uid, a, b } = await account();
    const answers = await Promise.all([
      settled(removal.removeAccount({ accountId: uid, login: a })),
      settled(removal.removeIdentity({ accountId: uid, identityId: a.identityId, identityField: 'id', login: b })),
    ]);
    expect(answers[0].outcome === 'done' || answers[1].outcome === 'done').toBe(true);
    expect(await accountExists(uid)).toBe(answers[0].outcome !== 'done');
    if (answers[0].outcome === 'done') {
      for (const login of [a, b]) expect((await revoked(login.familyId)).revocationEntries).toBe(1);
    }
  });

  it('refuses a login already revoked, and answers NOT_FOUND to an admin for an account that is gone', async () => {
    const { uid, a, b } = await account();
    await query(`UPDATE "refresh_token_family" SET "revoked_at" = now() WHERE "id" = $1`, [a.familyId]);
    expect((await settled(removal.removeIdentity({ accountId: uid, identityId: b.identityId, identityField: 'id', login: a }))).outcome).toBe('invalid_token');
    expect((await settled(removal.removeAccount({ accountId: uid, login: a }))).outcome).toBe('invalid_token');
    expect(await identitiesOf(uid)).toHaveLength(2);
    await removal.removeAccount({ accountId: uid });
    expect((await settled(removal.removeAccount({ accountId: uid }))).outcome).toBe('not_found');
  });
});
