import { AccountEntity, IdentityEntity, type Database } from '@rapidauth/database';
import { AccountIdentities, IdentityError, type IdentityRow } from '@rapidauth/identity';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

const PARALLEL = 10;

/**
 * AccountIdentities.link on both backends (docs/gateway.md#linking-identities): of concurrent links
 * of one identity to two accounts one wins, the winner's other attempts find it there unchanged and
 * every attempt for the other account is EXISTING_IDENTITY; a link makes a temporary account permanent.
 */
describe.each(BACKENDS)('identity links (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let accounts: AccountIdentities;
  let users = 0;
  const manager = () => database.dataSource.manager;
  const row = (provider: string, providerUid: string): IdentityRow => ({ environmentId: ids.environmentId, provider, providerUid, username: null, email: null, profile: {} });
  const newAccount = async (expiresAt: Date | null = null) => {
    const created = await accounts.create(manager(), row('custom', `owner-${++users}`), new Date(), expiresAt);
    return created!.accountId;
  };
  const link = (accountId: string, identity: IdentityRow) => database.dataSource.transaction((on) => accounts.link(on, accountId, identity));

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    accounts = new AccountIdentities(database.dataSource);
  });

  afterAll(() => database?.close());

  it(`binds one identity to one of two accounts under ${PARALLEL} concurrent links`, async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const phone = row('phone', '+33612345678');
    const targets = Array.from({ length: PARALLEL }, (_, index) => (index % 2 === 0 ? a : b));
    const results = await Promise.allSettled(targets.map((accountId) => link(accountId, phone)));
    const identities = await manager().findBy(IdentityEntity, { environmentId: ids.environmentId, provider: 'phone', providerUid: '+33612345678' });
    expect(identities).toHaveLength(1);
    const winner = identities[0].accountId;
    expect([a, b]).toContain(winner);
    const linked = results.filter((result) => result.status === 'fulfilled' && result.value.linked);
    expect(linked).toHaveLength(1);
    results.forEach((result, index) => {
      if (targets[index] === winner) {
        expect(result).toMatchObject({ status: 'fulfilled', value: { identityId: identities[0].id } });
      } else {
        expect(result.status).toBe('rejected');
        const reason = (result as PromiseRejectedResult).reason as IdentityError;
        expect(reason).toBeInstanceOf(IdentityError);
        expect(reason.code).toBe('EXISTING_IDENTITY');
      }
    });
  });

  it('finds an identity already on the account unchanged, and makes a temporary account permanent', async () => {
    const guest = await newAccount(new Date(Date.now() + 3_600_000));
    const custom = row('custom', 'backend-42');
    const first = await link(guest, custom);
    expect(first.linked).toBe(true);
    expect((await manager().findOneByOrFail(AccountEntity, { id: guest })).expiresAt).toBeNull();
    expect(await link(guest, custom)).toEqual({ identityId: first.identityId, linked: false });
    expect(await manager().countBy(IdentityEntity, { accountId: guest })).toBe(2);
  });
});
