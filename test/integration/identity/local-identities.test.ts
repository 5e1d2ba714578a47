import { AccountEntity, type Database } from '@rapidauth/database';
import { LocalIdentities, LoginThrottle } from '@rapidauth/identity';
import { identityOutcome as code } from '../../support/identity-outcome';
import { openMigratedDatabase } from '../../support/migrated-database';
import { createTenant, provisionerOn } from '../../support/tenant';

describe('local identities and lockout (PostgreSQL)', () => {
  let database: Database;
  let identities: LocalIdentities;
  let environmentId: string;

  beforeAll(async () => {
    database = await openMigratedDatabase('postgres');
    identities = new LocalIdentities(database.dataSource, new LoginThrottle(database.dataSource));
    environmentId = (await createTenant(provisionerOn(database.dataSource))).environment.id;
  });

  afterAll(() => database?.close());

  const login = (login: string, password: string, now = new Date(), ip = '192.0.2.1') =>
    identities.authenticate({ environmentId, login, password, ip }, now);

  it('creates users with a strong password and a unique username', async () => {
    await identities.create(environmentId, { username: 'Alice', email: 'Alice@Example.com', password: 'correct horse battery' });
    expect(await code(identities.create(environmentId, { username: 'alice', password: 'another fine password' }))).toBe('EXISTING_IDENTITY');
    expect(await code(identities.create(environmentId, { username: 'bob', password: 'short' }))).toBe('TOO_WEAK_PASSWORD');
    expect(await code(identities.create(environmentId, { username: 'bob', password: 'Password123' }))).toBe('TOO_WEAK_PASSWORD');
    expect(await code(identities.create(environmentId, { username: 'bad name!', password: 'correct horse battery' }))).toBe('INVALID_USERNAME');
  });

  it('signs in by username or email, case-insensitively', async () => {
    const byName = await login('ALICE', 'correct horse battery');
    const byEmail = await login('alice@example.com', 'correct horse battery');
    expect(byEmail).toEqual(byName);
  });

  it('answers unknown users exactly like wrong passwords', async () => {
    expect(await code(login('alice', 'wrong password!!', new Date(), '198.51.100.9'))).toBe('INVALID_CREDENTIALS');
    expect(await code(login('nobody', 'wrong password!!', new Date(), '198.51.100.9'))).toBe('INVALID_CREDENTIALS');
  });

  it('locks an identity after 5 failures in 15 minutes, even for the right password, until the lock expires', async () => {
    await identities.create(environmentId, { username: 'carol', password: 'carol has a password' });
    const start = new Date();
    // Concurrent failures from different addresses are all counted (one atomic upsert each).
    await Promise.all(Array.from({ length: 5 }, (_, i) => code(login('carol', 'wrong password!!', start, `203.0.113.${i}`))));
    expect(await code(login('carol', 'carol has a password', start, '203.0.113.50'))).toBe('IDENTITY_TEMPORARILY_LOCKED');
    const afterLock = new Date(start.getTime() + 16 * 60 * 1000);
    expect(await code(login('carol', 'carol has a password', afterLock, '203.0.113.50'))).toBe('resolved');
  });

  it('does not lock after failures spread over more than 15 minutes', async () => {
    await identities.create(environmentId, { username: 'dave', password: 'dave has a password' });
    const start = Date.now();
    for (let i = 0; i < 6; i++) {
      expect(await code(login('dave', 'wrong password!!', new Date(start + i * 4 * 60 * 1000), `203.0.113.${100 + i}`))).toBe('INVALID_CREDENTIALS');
    }
    expect(await code(login('dave', 'dave has a password', new Date(start + 24 * 60 * 1000), '203.0.113.150'))).toBe('resolved');
  });

  it('locks an address after 20 failures whatever the usernames', async () => {
    const now = new Date();
    for (let i = 0; i < 20; i++) await code(login(`nobody${i}`, 'wrong password!!', now, '192.0.2.200'));
    expect(await code(login('alice', 'correct horse battery', now, '192.0.2.200'))).toBe('IDENTITY_TEMPORARILY_LOCKED');
    expect(await code(login('alice', 'correct horse battery', now, '192.0.2.201'))).toBe('resolved');
  });

  it('refuses a disabled account', async () => {
    const { accountId } = await identities.create(environmentId, { username: 'erin', password: 'erin has a password' });
    await database.dataSource.manager.update(AccountEntity, { id: accountId }, { disabled: true });
    expect(await code(login('erin', 'erin has a password'))).toBe('ACCOUNT_DISABLED');
  });
});
