import { randomUUID } from 'node:crypto';
import type { AppConfig } from '@rapidauth/config';
import { AppSignatureEntity, ProfilePinEntity, RefreshTokenFamilyEntity, type Database } from '@rapidauth/database';
import type { AppClient } from '@rapidauth/oauth';
import { ProfilePins } from '../../../libs/devices/src/profiles/profile-pins';
import { ProfileRefreshGuard } from '../../../libs/devices/src/profiles/profile-refresh-guard';
import { ProfileRepository } from '../../../libs/devices/src/profiles/profile.repository';
import { PinRefreshGrant } from '../../../libs/oauth/src/grants/pin-refresh.grant';
import { RefreshTokenGrant } from '../../../libs/oauth/src/grants/refresh-token.grant';
import { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import type { UpstreamRefresh } from '../../../libs/oauth/src/refresh/upstream-refresh';
import type { Revocations } from '../../../libs/oauth/src/revocation/revocations';
import { RevocationRepository } from '../../../libs/oauth/src/revocation/revocation.repository';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { appClient, createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

const PIN = '480913';
const WRONG = '480914';

/**
 * PIN-protected refresh on both backends (docs/gateway.md#pin-refresh): concurrent wrong PINs are
 * counted exactly, never past the signature's maximum, whose reaching revokes the profile; of
 * concurrent right PINs exactly one rotates.
 */
describe.each(BACKENDS)('profile PINs (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let refreshTokens: RefreshTokens;
  let pins: ProfilePins;
  let repository: ProfileRepository;
  let grant: PinRefreshGrant;
  let plain: RefreshTokenGrant;

  const signature = async (pinMaxAttempts: number) =>
    (
      await database.dataSource.manager.save(
        database.dataSource.manager.create(AppSignatureEntity, {
          id: randomUUID(),
          environmentId: ids.environmentId,
          identifier: 'com.acme.pins',
          version: randomUUID(),
          platform: 'android',
          ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
          secretSealed: 'v1.default.ciphertext',
          redirectUris: ['com.acme.app:/cb'],
          scopes: ['openid', 'offline_access'],
          pinMaxAttempts,
          pinMinLength: 5,
          dpop: 'allowed',
          clientSecretTtlSeconds: 0,
          enabled: true,
        }),
      )
    ).id;
  const device = (appSignatureId: string): AppClient =>
    ({ ...appClient(ids, ['refresh_token']), device: { appSignatureId }, service: { ...appClient(ids, []).service, settings: { ...appClient(ids, []).service.settings, refreshReuseGraceSeconds: 0 } } }) as unknown as AppClient;
  /** A profile with PIN set, of a client whose signature allows `max` attempts. */
  const profile = async (max: number) => {
    const client = device(await signature(max));
    const { family, refreshToken } = (await refreshTokens.beginLogin(database.dataSource.manager, client, {
      accountId: ids.accountId,
      identityId: ids.identityId,
      authServiceId: ids.serviceId,
      scope: ['openid'],
      authTime: new Date(),
      claims: { provider: 'local', providerUid: 'alice', amr: ['pwd'] },
    })) as { family: RefreshTokenFamilyEntity; refreshToken: string };
    await repository.savePin(database.dataSource.manager, family.id, await pins.hash(family.id, PIN));
    return { client, familyId: family.id, refreshToken };
  };
  const request = (client: AppClient, refreshToken: string, pin?: string) => ({
    params: { refresh_token: refreshToken, ...(pin !== undefined && { pin }) },
    client,
    clientAuthenticated: true,
    now: new Date(),
    ip: '192.0.2.1',
    scope: [],
    tokenScope: (held: readonly string[]) => [...held],
  });
  const pinRefresh = (client: AppClient, refreshToken: string, pin: string) => grant.authorize(request(client, refreshToken, pin));
  const stored = (familyId: string) => database.dataSource.manager.findOneByOrFail(ProfilePinEntity, { familyId });
  const revoked = async (familyId: string) => (await database.dataSource.manager.findOneByOrFail(RefreshTokenFamilyEntity, { id: familyId })).revokedAt !== null;
  const codesOf = (results: PromiseSettledResult<unknown>[]) =>
    results.map((result) => (result.status === 'fulfilled' ? 'ROTATED' : (result.reason as { code: string }).code)).sort();

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    refreshTokens = new RefreshTokens(database.dataSource, new RevocationRepository(database.dataSource), { announce: () => undefined } as unknown as Revocations);
    repository = new ProfileRepository(database.dataSource);
    pins = new ProfilePins(repository, { secretPepper: { reveal: () => Buffer.alloc(32, 7) } } as unknown as AppConfig);
    const guard = new ProfileRefreshGuard(repository, pins);
    const upstream = { confirmsFirst: () => false } as unknown as UpstreamRefresh;
    plain = new RefreshTokenGrant(refreshTokens, upstream, guard);
    grant = new PinRefreshGrant(plain);
  });

  afterAll(() => database?.close());

  it('stores no PIN: the hash is argon2id over the peppered PIN', async () => {
    const { familyId } = await profile(3);
    const row = await stored(familyId);
    expect(row.pinHash).toMatch(/^\$argon2id\$/);
    expect(row.pinHash).not.toContain(PIN);
  });

  it('counts 10 concurrent wrong PINs exactly when 10 are allowed; the 10th revokes the profile', async () => {
    const { client, familyId, refreshToken } = await profile(10);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => pinRefresh(client, refreshToken, WRONG)));
    expect(codesOf(results)).toEqual([...Array(9).fill('INVALID_PIN'), 'PIN_ATTEMPTS_EXCEEDED'].sort());
    const left = results.map((result) => ((result as PromiseRejectedResult).reason as { extra: { attempts_left: number } }).extra.attempts_left).sort((a, b) => a - b);
    expect(left).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await stored(familyId)).failedAttempts).toBe(10);
    expect(await revoked(familyId)).toBe(true);
  });

  it('counts 10 concurrent wrong PINs as 3 when 3 are allowed, revokes the profile, and the right PIN no longer works', async () => {
    const { client, familyId, refreshToken } = await profile(3);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => pinRefresh(client, refreshToken, WRONG)));
    const codes = codesOf(results);
    expect(codes.filter((code) => code === 'INVALID_PIN')).toHaveLength(2);
    // Those that waited for the token behind the revoking attempt find the profile spent: on
    // PostgreSQL the count at its maximum says so, on PGlite (one session) the revoked family.
    expect(codes.filter((code) => code === 'PIN_ATTEMPTS_EXCEEDED' || code === 'INVALID_GRANT')).toHaveLength(8);
    expect((await stored(familyId)).failedAttempts).toBe(3);
    expect(await revoked(familyId)).toBe(true);
    await expect(pinRefresh(client, refreshToken, PIN)).rejects.toMatchObject({ error: 'invalid_grant', code: 'INVALID_GRANT' });
  });

  it('spends nothing on a wrong PIN: max-1 wrong, then the right one rotates and resets the count', async () => {
    const { client, familyId, refreshToken } = await profile(3);
    await expect(pinRefresh(client, refreshToken, WRONG)).rejects.toMatchObject({ code: 'INVALID_PIN', extra: { attempts_left: 2 } });
    await expect(pinRefresh(client, refreshToken, WRONG)).rejects.toMatchObject({ code: 'INVALID_PIN', extra: { attempts_left: 1 } });
    await expect(pinRefresh(client, refreshToken, PIN)).resolves.toMatchObject({ login: { familyId } });
    expect((await stored(familyId)).failedAttempts).toBe(0);
  });

  it('rotates for exactly one of concurrent right PINs', async () => {
    const { client, refreshToken } = await profile(3);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => pinRefresh(client, refreshToken, PIN)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses the plain refresh grant once a PIN is set, spending nothing', async () => {
    const { client, familyId, refreshToken } = await profile(3);
    await expect(plain.authorize(request(client, refreshToken))).rejects.toMatchObject({ error: 'invalid_grant', code: 'PIN_REQUIRED' });
    await expect(pinRefresh(client, refreshToken, PIN)).resolves.toMatchObject({ login: { familyId } });
  });
});
