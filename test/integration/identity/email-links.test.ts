import { randomBytes } from 'node:crypto';
import { IdentityEntity, type Database } from '@rapidauth/database';
import { AccountIdentities, DEFAULT_ONE_TIME_CODE_POLICY, EmailIdentities, IdentityError, OneTimeCodes, type IdentityRow } from '@rapidauth/identity';
import { SecretHasher } from '@rapidauth/vault';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

const PARALLEL = 10;
const PASSWORD = 'a long and unusual passphrase';

/** What a settled call came to: 'OK', or the refusal's code. */
const codeOf = (result: PromiseSettledResult<unknown>) => (result.status === 'fulfilled' ? 'OK' : ((result.reason as IdentityError).code ?? String(result.reason)));

/**
 * The statements behind the email link methods (docs/gateway.md#linking-identities), on both
 * backends: of two accounts linking one address at once exactly one gets it, by a sign-up into the
 * account (method `email`) or by a proven address (`email-otp`, verified); a link code is spent
 * only by the account it was issued to, another account's presentations counted exactly.
 */
describe.each(BACKENDS)('email links (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let accounts: AccountIdentities;
  let emails: EmailIdentities;
  let codes: OneTimeCodes;
  let counter = 0;
  const manager = () => database.dataSource.manager;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;
  const newAccount = async () => (await accounts.create(manager(), { environmentId: ids.environmentId, provider: 'custom', providerUid: `owner-${(counter += 1)}`, username: null, email: null, profile: {} }, new Date(), null))!.accountId;
  const emailRow = (email: string): IdentityRow => ({ environmentId: ids.environmentId, provider: 'email', providerUid: email, username: null, email, profile: {} });
  const targets = (a: string, b: string) => Array.from({ length: PARALLEL }, (_, index) => (index % 2 === 0 ? a : b));

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    accounts = new AccountIdentities(database.dataSource);
    emails = new EmailIdentities(database.dataSource);
    codes = new OneTimeCodes(database.dataSource, new SecretHasher(randomBytes(32)));
  });

  afterAll(() => database?.close());

  it(`makes one identity of ${PARALLEL} concurrent sign-ups of one address into two accounts (method email)`, async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const email = address('signup-race');
    const results = await Promise.allSettled(targets(a, b).map((accountId) => emails.signUp({ environmentId: ids.environmentId, email, password: PASSWORD, accountId, now: new Date() })));
    expect(results.map(codeOf).sort()).toEqual([...Array(PARALLEL - 1).fill('EXISTING_IDENTITY'), 'OK']);
    const identities = await manager().findBy(IdentityEntity, { environmentId: ids.environmentId, provider: 'email', providerUid: email });
    expect(identities).toHaveLength(1);
    expect([a, b]).toContain(identities[0].accountId);
    expect(identities[0].emailVerified).toBe(false);
  });

  it(`binds a proven address to one of two accounts under ${PARALLEL} concurrent links, verified (method email-otp)`, async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const email = address('code-race');
    const attempts = targets(a, b);
    const results = await Promise.allSettled(attempts.map((accountId) => database.dataSource.transaction((on) => accounts.link(on, accountId, emailRow(email), { emailVerified: true }))));
    const identities = await manager().findBy(IdentityEntity, { environmentId: ids.environmentId, provider: 'email', providerUid: email });
    expect(identities).toHaveLength(1);
    expect(identities[0]).toMatchObject({ emailVerified: true, passwordHash: null });
    const winner = identities[0].accountId;
    expect(results.filter((result) => result.status === 'fulfilled' && result.value.linked)).toHaveLength(1);
    results.forEach((result, index) => expect(codeOf(result)).toBe(attempts[index] === winner ? 'OK' : 'EXISTING_IDENTITY'));
  });

  it('verifies an address already on the account when a code proves it, adding nothing', async () => {
    const accountId = await newAccount();
    const email = address('own');
    const signedUp = await emails.signUp({ environmentId: ids.environmentId, email, password: PASSWORD, accountId, now: new Date() });
    const linked = await database.dataSource.transaction((on) => accounts.link(on, accountId, emailRow(email), { emailVerified: true }));
    expect(linked).toEqual({ identityId: signedUp.identityId, linked: false });
    expect(await manager().findOneByOrFail(IdentityEntity, { id: signedUp.identityId })).toMatchObject({ emailVerified: true, passwordHash: expect.any(String) });
  });

  it(`counts ${PARALLEL} concurrent presentations of a link code by another account exactly, spending it for none; its own account wins once`, async () => {
    const [asker, other] = [await newAccount(), await newAccount()];
    const target = { environmentId: ids.environmentId, purpose: 'link' as const, destination: address('bound') };
    const now = new Date();
    const issued = await codes.issue({ ...target, accountId: asker, now, policy: { ...DEFAULT_ONE_TIME_CODE_POLICY, maxAttempts: 30 } });
    const verify = (accountId: string) => codes.verify({ ...target, code: issued.code, accountId, now });
    const stolen = await Promise.allSettled(Array.from({ length: PARALLEL }, () => verify(other)));
    expect(stolen.map(codeOf)).toEqual(Array(PARALLEL).fill('INVALID_OTP'));
    expect(stolen.map((result) => ((result as PromiseRejectedResult).reason as IdentityError).attemptsLeft).sort((x, y) => x! - y!)).toEqual(
      Array.from({ length: PARALLEL }, (_, index) => 30 - PARALLEL + index),
    );
    const [row]: { attempts: number; consumed: boolean }[] = await database.dataSource.query(
      `SELECT "attempts", "consumed_at" IS NOT NULL AS "consumed" FROM "one_time_code" WHERE "id" = $1`,
      [issued.id],
    );
    expect(row).toEqual({ attempts: PARALLEL, consumed: false });
    const own = await Promise.allSettled(Array.from({ length: PARALLEL }, () => verify(asker)));
    expect(own.map(codeOf).sort()).toEqual([...Array(PARALLEL - 1).fill('INVALID_OTP'), 'OK']);
  });
});
