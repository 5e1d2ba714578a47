import type { Database } from '@rapidauth/database';
import { LocalIdentities, LoginThrottle, type IdentityError } from '@rapidauth/identity';
import { identityOutcome as code } from '../../support/identity-outcome';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createTenant, provisionerOn } from '../../support/tenant';

/** The lockout against the attacks it exists for, on both backends. */
describe.each(BACKENDS)('lockout under attack (%s)', (_label, kind) => {
  let database: Database;
  let throttle: LoginThrottle;
  let identities: LocalIdentities;
  let environmentId: string;

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    throttle = new LoginThrottle(database.dataSource);
    identities = new LocalIdentities(database.dataSource, throttle);
    environmentId = (await createTenant(provisionerOn(database.dataSource))).environment.id;
  });

  afterAll(() => database?.close());

  const login = (login: string, password: string, ip: string, now = new Date()) => code(identities.authenticate({ environmentId, login, password, ip }, now));
  const failures = async (key: string) =>
    Number((await database.dataSource.query(`SELECT coalesce(sum("failures"), 0) AS n FROM "login_throttle" WHERE "key" = $1`, [key]))[0].n);

  it('parallel guesses cannot pass the lock: 30 wrong passwords and the right one at once, from 31 addresses', async () => {
    await identities.create(environmentId, { username: 'victim', password: 'victim has a password' });
    const now = new Date();
    const answers = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => login('victim', `wrong guess number ${i}`, `203.0.113.${i}`, now)),
      login('victim', 'victim has a password', '203.0.113.200', now),
    ]);
    const wrong = answers.slice(0, 30);
    expect(wrong.filter((answer) => answer === 'IDENTITY_TEMPORARILY_LOCKED').length).toBeGreaterThanOrEqual(25);
    expect(wrong.every((answer) => answer === 'IDENTITY_TEMPORARILY_LOCKED' || answer === 'INVALID_CREDENTIALS')).toBe(true);
    expect(answers[30]).toBe('IDENTITY_TEMPORARILY_LOCKED');
    expect(await login('victim', 'victim has a password', '203.0.113.201', now)).toBe('IDENTITY_TEMPORARILY_LOCKED');
    expect(await login('victim', 'victim has a password', '203.0.113.201', new Date(now.getTime() + 16 * 60_000))).toBe('resolved');
  });

  it('username enumeration through the lock: an unknown login answers exactly like a known one after 5 failures', async () => {
    await identities.create(environmentId, { username: 'known', email: 'known@example.com', password: 'known has a password' });
    const now = new Date();
    const known: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await login(i % 2 ? 'KNOWN' : 'known@example.com', 'not the password', `198.51.100.${i}`, now));
      unknown.push(await login(i % 2 ? 'GHOST' : 'ghost', 'not the password', `198.51.100.${100 + i}`, now));
    }
    expect(known).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'IDENTITY_TEMPORARILY_LOCKED', 'IDENTITY_TEMPORARILY_LOCKED']);
    expect(unknown).toEqual(known);
    // The unknown login's counter is not keyed by what was typed.
    const keys: { key: string }[] = await database.dataSource.query(`SELECT "key" FROM "login_throttle"`);
    expect(keys.some(({ key }) => key.includes('ghost'))).toBe(false);
  });

  it('guesses spread over one IPv6 /64 (or IPv4-mapped addresses) count against one address', async () => {
    const now = new Date();
    for (let i = 0; i < 20; i++) expect(await login(`sprayed${i}`, 'not the password', `2001:db8:1:2::${(i + 1).toString(16)}`, now)).toBe('INVALID_CREDENTIALS');
    expect(await login('someone', 'not the password', '2001:db8:1:2:abcd::1', now)).toBe('IDENTITY_TEMPORARILY_LOCKED');
    expect(await login('someone', 'not the password', '2001:db8:1:3::1', now)).toBe('INVALID_CREDENTIALS');

    for (let i = 0; i < 20; i++) await login(`mapped${i}`, 'not the password', i % 2 ? '::ffff:192.0.2.77' : '192.0.2.77', now);
    expect(await login('someone', 'not the password', '192.0.2.77', now)).toBe('IDENTITY_TEMPORARILY_LOCKED');
  });

  it('a success gives back what it reserved, not the failures of attempts reserved after it', async () => {
    const { identityId } = await identities.create(environmentId, { username: 'frank', password: 'frank has a password' });
    const keys = (n: number) => ({ address: `ip:${environmentId}:192.0.2.${n}`, subject: `identity:${identityId}` });
    const now = new Date();
    const first = await throttle.reserve(keys(1), now);
    const success = await throttle.reserve(keys(2), now);
    const later = [await throttle.reserve(keys(3), now), await throttle.reserve(keys(4), now)];
    expect([first, success, ...later].map((r) => ('subjectSeen' in r ? r.subjectSeen : 'locked'))).toEqual([1, 2, 3, 4]);
    if (!('subjectSeen' in success)) throw new Error('not reserved');
    await throttle.release(success);
    // The failure before the success is forgiven with it; the two reserved after it stay counted.
    expect(await failures(`identity:${identityId}`)).toBe(2);
    expect(await failures(`ip:${environmentId}:192.0.2.2`)).toBe(0);
    expect(await failures(`ip:${environmentId}:192.0.2.1`)).toBe(1);
    await throttle.release(success);
    expect(await failures(`identity:${identityId}`)).toBe(0);
  });

  it('a refused attempt counts against neither key', async () => {
    await identities.create(environmentId, { username: 'grace', password: 'grace has a password' });
    const now = new Date();
    for (let i = 0; i < 5; i++) await login('grace', 'not the password', '192.0.2.90', now);
    expect(await login('grace', 'not the password', '192.0.2.91', now)).toBe('IDENTITY_TEMPORARILY_LOCKED');
    expect(await failures(`ip:${environmentId}:192.0.2.91`)).toBe(0);
  });

  it('a username cannot be another identity’s email, nor an email another’s username or email', async () => {
    await identities.create(environmentId, { username: 'heidi', email: 'heidi@example.com', password: 'heidi has a password' });
    const taken = (input: { username: string; email?: string }) =>
      identities.create(environmentId, { ...input, password: 'another fine password' }).then(
        () => 'resolved',
        (error: IdentityError) => `${error.code} ${error.field}`,
      );
    expect(await taken({ username: 'Heidi@Example.com' })).toBe('EXISTING_IDENTITY username');
    expect(await taken({ username: 'ivan', email: 'HEIDI' })).toBe('EXISTING_IDENTITY email');
    expect(await taken({ username: 'judy', email: 'heidi@example.com' })).toBe('EXISTING_IDENTITY email');
    expect(await taken({ username: 'heidi' })).toBe('EXISTING_IDENTITY username');
    expect(await taken({ username: 'mallory@example.com', email: 'mallory@example.com' })).toBe('resolved');
    // Nothing half-created by the refusals: the names are still free for their first claimant.
    expect(await taken({ username: 'ivan', email: 'ivan@example.com' })).toBe('resolved');
    expect(await login('mallory@example.com', 'another fine password', '192.0.2.60')).toBe('resolved');
  });

  it('two identities created at once cannot share a login name across username and email', async () => {
    for (let round = 0; round < 5; round++) {
      const shared = `shared${round}@example.com`;
      const results = await Promise.all([
        code(identities.create(environmentId, { username: `owner${round}`, email: shared, password: 'another fine password' })),
        code(identities.create(environmentId, { username: shared, password: 'another fine password' })),
        code(identities.create(environmentId, { username: `third${round}`, email: shared, password: 'another fine password' })),
      ]);
      expect(results.filter((result) => result === 'resolved')).toHaveLength(1);
      expect(results.filter((result) => result === 'EXISTING_IDENTITY')).toHaveLength(2);
      const holders: unknown[] = await database.dataSource.query(
        `SELECT "id" FROM "identity" WHERE "environment_id" = $1 AND ("username_normalized" = $2 OR "email_normalized" = $2)`,
        [environmentId, shared],
      );
      expect(holders).toHaveLength(1);
    }
  });
});
