import { randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '@rapidauth/config';
import { AccountEntity, IdentityEntity, RefreshTokenFamilyEntity, type Database } from '@rapidauth/database';
import { AccountExpiry, CustomTokenReplays, CustomTokens, DEFAULT_IDENTITY_METHOD_SETTINGS, MfaChallenges, RecoveryCodes, TotpFactors, type IdentityMethods, type IdentityMethodSettings } from '@rapidauth/identity';
import { SecretHasher, Vault } from '@rapidauth/vault';
import type { GrantOutcome, GrantRequest, Revocations } from '@rapidauth/oauth';
import { SignJWT } from 'jose';
import { In } from 'typeorm';
import { AnonymousGrant } from '../../../libs/oauth/src/grants/anonymous.grant';
import { JwtBearerGrant } from '../../../libs/oauth/src/grants/jwt-bearer.grant';
import { OwnIdentityLogins } from '../../../libs/oauth/src/login/own-identity-logins';
import { AccountMfa } from '../../../libs/oauth/src/account/account-mfa';
import { ChallengeEnrolment } from '../../../libs/oauth/src/login/challenge-enrolment';
import { SecondFactors } from '../../../libs/oauth/src/login/second-factors';
import { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import { RevocationRepository } from '../../../libs/oauth/src/revocation/revocation.repository';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { appClient, createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

const ISSUER = 'https://id.example.com';
const SECRET = Buffer.from('a backend secret of at least 32 characters!');
const ANONYMOUS = 'urn:rapidauth:grant-type:anonymous';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TTL_SECONDS = 600;
const PARALLEL = 10;

const SETTINGS: IdentityMethodSettings = {
  ...DEFAULT_IDENTITY_METHOD_SETTINGS,
  anonymous: { enabled: true, ttlSeconds: TTL_SECONDS },
  customToken: { ...DEFAULT_IDENTITY_METHOD_SETTINGS.customToken, enabled: true, secretSet: true },
};

/** The environment's settings as the admin left them: both methods on, an HS256 secret. */
const identityMethods = {
  forEnvironment: async () => SETTINGS,
  customTokenKey: async () => ({ algorithm: 'HS256', secret: SECRET }),
} as unknown as IdentityMethods;

/**
 * The anonymous and jwt-bearer grants on both backends, with their statements: of concurrent uses
 * of one custom token exactly one logs in; concurrent first logins of one `sub` make one account;
 * an account past its expiry cannot log in or refresh, and the expiry cleanup deletes it with its
 * identities and logins.
 */
describe.each(BACKENDS)('own-identity logins (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let refreshTokens: RefreshTokens;
  let anonymous: AnonymousGrant;
  let jwtBearer: JwtBearerGrant;
  const manager = () => database.dataSource.manager;

  const request = (params: Record<string, string>, now = new Date()): GrantRequest => ({
    params,
    client: appClient(ids, [ANONYMOUS, JWT_BEARER, 'refresh_token']),
    clientAuthenticated: false,
    now,
    ip: '127.0.0.1',
    scope: [],
    tokenScope: (held) => [...held],
  });
  const customToken = (sub: string, jti = randomUUID()) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub, aud: ISSUER, jti, iat: now, exp: now + 300 }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
  };
  const userOf = (outcome: GrantOutcome) => {
    if (outcome.subject.kind !== 'user') throw new Error('not a user login');
    return outcome.subject;
  };
  const identitiesOf = (sub: string) => manager().findBy(IdentityEntity, { environmentId: ids.environmentId, provider: 'custom', providerUid: sub });

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    refreshTokens = new RefreshTokens(database.dataSource, new RevocationRepository(database.dataSource), { announce: () => undefined } as unknown as Revocations);
    const hasher = new SecretHasher(randomBytes(32));
    const recoveryCodes = new RecoveryCodes(database.dataSource, hasher);
    const totpFactors = new TotpFactors(database.dataSource, new Vault({ keyId: 'k1', key: randomBytes(32) }), recoveryCodes);
    const challenges = new MfaChallenges(database.dataSource, hasher);
    const enrolments = new ChallengeEnrolment(challenges, new AccountMfa(database.dataSource, totpFactors, identityMethods));
    const secondFactors = new SecondFactors(identityMethods, totpFactors, recoveryCodes, challenges, enrolments);
    const logins = new OwnIdentityLogins(database.dataSource, refreshTokens, identityMethods, secondFactors);
    anonymous = new AnonymousGrant(database.dataSource, logins);
    const customTokens = new CustomTokens(new CustomTokenReplays(database.dataSource));
    jwtBearer = new JwtBearerGrant(database.dataSource, logins, identityMethods, customTokens, { publicUrl: ISSUER } as AppConfig);
  });

  afterAll(() => database?.close());

  it(`logs in once of ${PARALLEL} concurrent uses of one custom token`, async () => {
    const assertion = await customToken('replayed-user');
    const results = await Promise.allSettled(Array.from({ length: PARALLEL }, () => jwtBearer.authorize(request({ assertion }))));
    const fulfilled = results.filter((result): result is PromiseFulfilledResult<GrantOutcome> => result.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ error: 'invalid_grant', code: 'INVALID_TOKEN' });
    }
    const [identity] = await identitiesOf('replayed-user');
    expect(await manager().countBy(RefreshTokenFamilyEntity, { accountId: identity.accountId })).toBe(1);
  });

  it(`makes one account of ${PARALLEL} concurrent first logins of one sub`, async () => {
    const assertions = await Promise.all(Array.from({ length: PARALLEL }, () => customToken('first-timer')));
    const outcomes = await Promise.all(assertions.map((assertion) => jwtBearer.authorize(request({ assertion }))));
    const accounts = new Set(outcomes.map((outcome) => userOf(outcome).accountId));
    expect(accounts.size).toBe(1);
    const identities = await identitiesOf('first-timer');
    expect(identities).toHaveLength(1);
    expect(identities[0].accountId).toBe([...accounts][0]);
    expect(await manager().countBy(AccountEntity, { id: [...accounts][0] })).toBe(1);
    const families = await manager().findBy(RefreshTokenFamilyEntity, { accountId: [...accounts][0] });
    expect(families).toHaveLength(PARALLEL);
    // Each login records its identity for the tokens' login claims, and no amr.
    for (const family of families) expect(family.claims).toEqual({ provider: 'custom', providerUid: 'first-timer', amr: null });
    for (const outcome of outcomes) expect(outcome).toMatchObject({ login: { claims: { provider: 'custom', providerUid: 'first-timer', amr: null } } });
  });

  it('gives each anonymous login a new account that expires after ttlSeconds', async () => {
    const now = new Date();
    const outcomes = await Promise.all(Array.from({ length: PARALLEL }, () => anonymous.authorize(request({}, now))));
    const accountIds = outcomes.map((outcome) => userOf(outcome).accountId);
    expect(new Set(accountIds).size).toBe(PARALLEL);
    const accounts = await manager().findBy(AccountEntity, { id: In(accountIds) });
    expect(accounts.map((account) => account.expiresAt!.getTime())).toEqual(Array(PARALLEL).fill(now.getTime() + TTL_SECONDS * 1000));
    for (const outcome of outcomes) expect(outcome).toMatchObject({ accountExpiresAt: new Date(now.getTime() + TTL_SECONDS * 1000), refreshToken: expect.any(String) });
  });

  it('refuses a login, and a refresh, of an account past its expiry, writing nothing', async () => {
    const { refreshToken } = await jwtBearer.authorize(request({ assertion: await customToken('leaving-user') })) as { refreshToken: string };
    const [identity] = await identitiesOf('leaving-user');
    await manager().update(AccountEntity, { id: identity.accountId }, { expiresAt: new Date(Date.now() - 1000) });
    await expect(jwtBearer.authorize(request({ assertion: await customToken('leaving-user') }))).rejects.toMatchObject({ error: 'invalid_grant', code: 'ACCOUNT_DISABLED' });
    expect(await manager().countBy(RefreshTokenFamilyEntity, { accountId: identity.accountId })).toBe(1);
    await expect(refreshTokens.rotate(refreshToken, ids.clientId, 0, new Date())).resolves.toEqual({ outcome: 'invalid', reason: 'account expired' });
    expect(await refreshTokens.findUsable(refreshToken, new Date())).toBeUndefined();
  });

  it('deletes expired accounts in batches with their identities and logins, keeping the live ones', async () => {
    const past = new Date(Date.now() - 2 * TTL_SECONDS * 1000);
    const expired = await Promise.all(Array.from({ length: 5 }, () => anonymous.authorize(request({}, past))));
    const live = await anonymous.authorize(request({}));
    const expiredIds = expired.map((outcome) => userOf(outcome).accountId);
    const cleanup = new AccountExpiry(database.dataSource);
    const deleted: number[] = [];
    let count: number;
    do deleted.push((count = await cleanup.deleteExpired(new Date(), 2)));
    while (count === 2);
    // Every expired account of this suite: the five, and the one the previous test expired.
    expect(deleted.reduce((sum, n) => sum + n, 0)).toBe(6);
    expect(await manager().countBy(AccountEntity, { id: In(expiredIds) })).toBe(0);
    expect(await manager().countBy(IdentityEntity, { accountId: In(expiredIds) })).toBe(0);
    expect(await manager().countBy(RefreshTokenFamilyEntity, { accountId: In(expiredIds) })).toBe(0);
    expect(await manager().countBy(AccountEntity, { id: userOf(live).accountId })).toBe(1);
    expect(await manager().countBy(AccountEntity, { id: ids.accountId })).toBe(1);
  });
});
