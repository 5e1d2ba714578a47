import { AccountEntity, IdentityEntity, RefreshTokenFamilyEntity, type Database } from '@rapidauth/database';
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_IDENTITY_METHOD_SETTINGS,
  EmailIdentities,
  LocalIdentities,
  LoginThrottle,
  MfaChallenges,
  OneTimeCodes,
  RecoveryCodes,
  TotpFactors,
  type IdentityMethods,
  type IdentityMethodSettings,
} from '@rapidauth/identity';
import type { GrantOutcome, GrantRequest, Revocations } from '@rapidauth/oauth';
import { SecretHasher, Vault } from '@rapidauth/vault';
import { EmailOtpGrant } from '../../../libs/oauth/src/grants/email-otp.grant';
import { OwnIdentityLogins } from '../../../libs/oauth/src/login/own-identity-logins';
import { AccountMfa } from '../../../libs/oauth/src/account/account-mfa';
import { ChallengeEnrolment } from '../../../libs/oauth/src/login/challenge-enrolment';
import { SecondFactors } from '../../../libs/oauth/src/login/second-factors';
import { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import { RevocationRepository } from '../../../libs/oauth/src/revocation/revocation.repository';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { appClient, createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

const EMAIL_OTP = 'urn:rapidauth:grant-type:email-otp';
const PASSWORD = 'a long and unusual passphrase';
const PARALLEL = 10;
const POLICY = { ...DEFAULT_IDENTITY_METHOD_SETTINGS.otp, maxAttempts: 20 };
const SETTINGS: IdentityMethodSettings = { ...DEFAULT_IDENTITY_METHOD_SETTINGS, email: { ...DEFAULT_IDENTITY_METHOD_SETTINGS.email, enabled: true }, otp: POLICY };
const identityMethods = { forEnvironment: async () => SETTINGS } as unknown as IdentityMethods;

/**
 * Email identities on both backends, under concurrency: sign-ups of one address make one identity
 * and one account; parallel guesses at a sign-in code are counted exactly and one right guess
 * wins; parallel wrong passwords lock the identity (and an unknown address) at exactly the limit;
 * the form logins find an email identity only while the method is on and its address verified.
 */
describe.each(BACKENDS)('email identities (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let emails: EmailIdentities;
  let codes: OneTimeCodes;
  let local: LocalIdentities;
  let grant: EmailOtpGrant;
  let counter = 0;
  const manager = () => database.dataSource.manager;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;
  const refusalOf = (result: PromiseSettledResult<unknown>) => (result.status === 'rejected' ? (result.reason as { code?: string }).code : 'OK');
  const signUp = (email: string) => emails.signUp({ environmentId: ids.environmentId, email, password: PASSWORD, now: new Date() });
  const request = (params: Record<string, string>): GrantRequest => ({
    params,
    client: appClient(ids, [EMAIL_OTP]),
    clientAuthenticated: false,
    now: new Date(),
    ip: '192.0.2.10',
    scope: [],
    tokenScope: (held) => [...held],
  });

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    emails = new EmailIdentities(database.dataSource);
    codes = new OneTimeCodes(database.dataSource, new SecretHasher(Buffer.alloc(32, 7)));
    local = new LocalIdentities(database.dataSource, new LoginThrottle(database.dataSource));
    const refreshTokens = new RefreshTokens(database.dataSource, new RevocationRepository(database.dataSource), { announce: () => undefined } as unknown as Revocations);
    const hasher = new SecretHasher(randomBytes(32));
    const recoveryCodes = new RecoveryCodes(database.dataSource, hasher);
    const totpFactors = new TotpFactors(database.dataSource, new Vault({ keyId: 'k1', key: randomBytes(32) }), recoveryCodes);
    const challenges = new MfaChallenges(database.dataSource, hasher);
    const enrolments = new ChallengeEnrolment(challenges, new AccountMfa(database.dataSource, totpFactors, identityMethods));
    const secondFactors = new SecondFactors(identityMethods, totpFactors, recoveryCodes, challenges, enrolments);
    grant = new EmailOtpGrant(new OwnIdentityLogins(database.dataSource, refreshTokens, identityMethods, secondFactors), codes, emails);
  });

  afterAll(() => database?.close());

  it(`makes one identity and one account of ${PARALLEL} concurrent sign-ups of one address`, async () => {
    const email = address('race');
    const accountsBefore = await manager().countBy(AccountEntity, { environmentId: ids.environmentId });
    const results = await Promise.allSettled(Array.from({ length: PARALLEL }, () => signUp(email)));
    expect(results.map(refusalOf).sort()).toEqual([...Array(PARALLEL - 1).fill('EXISTING_IDENTITY'), 'OK']);
    expect(await manager().countBy(IdentityEntity, { provider: 'email', providerUid: email })).toBe(1);
    expect(await manager().countBy(AccountEntity, { environmentId: ids.environmentId })).toBe(accountsBefore + 1);
  });

  it('counts every one of concurrent wrong guesses at a sign-in code, and signs in one of concurrent right guesses', async () => {
    const email = address('guesses');
    await signUp(email);
    const issued = await codes.issue({ environmentId: ids.environmentId, purpose: 'email-login', destination: email, policy: POLICY, now: new Date() });
    const wrong = issued.code === '000000' ? '111111' : '000000';
    const wrongGuesses = await Promise.allSettled(Array.from({ length: 8 }, () => grant.authorize(request({ email, code: wrong }))));
    // Each guess saw the count the one before it left: every attempts_left from 19 down to 12, once.
    const left = wrongGuesses.map((result) => (result.status === 'rejected' ? (result.reason as { attemptsLeft?: number }).attemptsLeft : undefined));
    expect(left.sort((a, b) => a! - b!)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    const [row]: { attempts: number }[] = await manager().query(`SELECT "attempts" FROM "one_time_code" WHERE "id" = $1`, [issued.id]);
    expect(row.attempts).toBe(8);

    const rightGuesses = await Promise.allSettled(Array.from({ length: 4 }, () => grant.authorize(request({ email, code: issued.code }))));
    expect(rightGuesses.map(refusalOf).sort()).toEqual(['INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'OK']);
    const winner = rightGuesses.find((result): result is PromiseFulfilledResult<GrantOutcome> => result.status === 'fulfilled')!.value;
    if (!('login' in winner)) throw new Error('not a user login');
    expect(await manager().countBy(RefreshTokenFamilyEntity, { accountId: winner.subject.accountId })).toBe(1);
    expect(winner.login.claims).toEqual({ provider: 'email', providerUid: email, amr: ['otp'] });
    expect((await manager().findOneByOrFail(IdentityEntity, { provider: 'email', providerUid: email })).emailVerified).toBe(true);
  });

  it.each([
    ['a known address', true],
    ['an unknown address', false],
  ])('locks %s at exactly five of twelve parallel wrong passwords', async (_case, known) => {
    const email = address(known ? 'locked' : 'unknown');
    if (known) await signUp(email);
    const attempt = (password: string) => local.authenticateEmail({ environmentId: ids.environmentId, email, password, ip: `198.51.100.${counter}` });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => attempt('a wrong long passphrase')));
    const refusals = results.map(refusalOf);
    expect(refusals.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(refusals.filter((code) => code === 'IDENTITY_TEMPORARILY_LOCKED')).toHaveLength(7);
    expect(refusalOf((await Promise.allSettled([attempt(PASSWORD)]))[0])).toBe('IDENTITY_TEMPORARILY_LOCKED');
  });

  it('lets the form logins find an email identity only while the method is on and, under requireVerification, once verified', async () => {
    const email = address('form');
    const signedUp = await signUp(email);
    const formLogin = () => local.authenticate({ environmentId: ids.environmentId, login: email.toUpperCase(), password: PASSWORD, ip: '203.0.113.9' });
    const settings = (email: Record<string, boolean>) =>
      manager().query(
        `INSERT INTO "environment_identity_settings" ("environment_id", "settings") VALUES ($1, $2)
         ON CONFLICT ("environment_id") DO UPDATE SET "settings" = EXCLUDED."settings"`,
        [ids.environmentId, JSON.stringify({ email })],
      );
    await expect(formLogin()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await settings({ enabled: true });
    await expect(formLogin()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await settings({ enabled: true, requireVerification: false });
    expect(await formLogin()).toEqual({ accountId: signedUp.accountId, identityId: signedUp.identityId, provider: 'email', providerUid: email });
    await settings({ enabled: true });
    await emails.markVerified(signedUp.identityId);
    expect(await formLogin()).toMatchObject({ identityId: signedUp.identityId, provider: 'email' });
    await manager().query(`DELETE FROM "environment_identity_settings" WHERE "environment_id" = $1`, [ids.environmentId]);
  });
});
