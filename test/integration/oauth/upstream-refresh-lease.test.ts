import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectorError, ConnectorRegistry, type Connector, type LoginContext, type ServiceConnectors, type StoredUpstreamLogin } from '@rapidauth/connectors';
import { AuthServiceEntity, EnvironmentServiceEntity, RefreshTokenFamilyEntity, VaultEntryEntity, type Database } from '@rapidauth/database';
import type { UpstreamIdentities } from '@rapidauth/identity';
import { upstreamLoginClaims, type AppClient } from '@rapidauth/oauth';
import { Vault, type VaultTokens } from '@rapidauth/vault';
import type { GrantOutcome } from '../../../libs/oauth/src/grants/grant-type';
import { RefreshTokenGrant } from '../../../libs/oauth/src/grants/refresh-token.grant';
import { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import { UpstreamRefresh } from '../../../libs/oauth/src/refresh/upstream-refresh';
import { UpstreamValidation } from '../../../libs/oauth/src/refresh/upstream-validation';
import type { Revocations } from '../../../libs/oauth/src/revocation/revocations';
import { RevocationRepository } from '../../../libs/oauth/src/revocation/revocation.repository';
import { TokenVault } from '../../../libs/vault/src/token-vault/token-vault';
import { VaultEntriesRepository } from '../../../libs/vault/src/token-vault/vault-entries.repository';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { appClient, createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

/**
 * An IdP that rotates refresh tokens, as the oidc and oauth2 connectors meet it: an access token
 * living more than 60 s more needs nothing; otherwise its refresh token is redeemed once (a second
 * use is refused) for a new pair. `down` answers nothing; every redemption is counted.
 */
class RotatingIdp {
  readonly issued = new Set<string>();
  redemptions = 0;
  down = false;

  tokens(accessTtlSeconds: number): VaultTokens {
    const refreshToken = randomBytes(12).toString('hex');
    this.issued.add(refreshToken);
    return {
      access_token: { value: randomBytes(12).toString('hex'), expiresAt: new Date(Date.now() + accessTtlSeconds * 1000) },
      refresh_token: { value: refreshToken },
    };
  }

  async refresh(stored: StoredUpstreamLogin, context: LoginContext) {
    const refreshToken = stored.tokens?.refresh_token?.value;
    const expiresAt = stored.tokens?.access_token?.expiresAt;
    if (!refreshToken || (expiresAt && expiresAt.getTime() - context.now.getTime() > 60_000)) return null;
    if (this.down) throw new ConnectorError('UPSTREAM_UNAVAILABLE', 'down');
    this.redemptions++;
    // The IdP takes its time: long enough for a concurrent refresh to arrive meanwhile.
    await sleep(150);
    if (!this.issued.delete(refreshToken)) throw new ConnectorError('UPSTREAM_REFRESH_FAILED', 'refresh token already used or withdrawn');
    return { providerUid: stored.providerUid, attributes: {}, tokens: this.tokens(3600) };
  }
}

/**
 * The upstream refresh lease on both backends (docs/gateway.md#upstream-refresh): one refresh of a
 * login's upstream tokens at a time, whoever asks — two gateway refreshes, a crashed holder's lapsed
 * lease, the background validation — so that an IdP rotating its refresh tokens never sees one used
 * twice, and a refused login is revoked once.
 */
describe.each(BACKENDS)('upstream refresh lease (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let serviceId: string;
  let refreshTokens: RefreshTokens;
  let tokenVault: TokenVault;
  let upstream: UpstreamRefresh;
  let grant: RefreshTokenGrant;
  let validation: UpstreamValidation;
  let idp: RotatingIdp;
  const announce = jest.fn();
  const LEASE_SECONDS = 2;

  const client = (): AppClient => {
    // The client's own service is the fixture's local one; its logins here went through the upstream service (read by id).
    const base = appClient(ids, ['authorization_code', 'refresh_token']);
    return { ...base, service: { ...base.service, settings: { ...base.service.settings, refreshReuseGraceSeconds: 30 } } } as AppClient;
  };
  /** A login through the upstream service whose vault entry holds tokens of the IdP, the access token living `accessTtlSeconds`. */
  const login = async (accessTtlSeconds = 30) => {
    const { family, refreshToken } = (await refreshTokens.beginLogin(database.dataSource.manager, client(), {
      accountId: ids.accountId,
      identityId: ids.identityId,
      authServiceId: serviceId,
      scope: ['openid'],
      authTime: new Date(),
      claims: upstreamLoginClaims({ provider: serviceId, providerUid: 'uid-1' }),
    })) as { family: RefreshTokenFamilyEntity; refreshToken: string };
    await tokenVault.putForFamily(database.dataSource.manager, family.id, idp.tokens(accessTtlSeconds));
    return { familyId: family.id, refreshToken: refreshToken };
  };
  const refresh = (token: string) =>
    grant
      .authorize({ params: { refresh_token: token }, client: client(), clientAuthenticated: false, now: new Date(), ip: '192.0.2.1', scope: [], tokenScope: (held) => [...held] })
      .then((outcome) => outcome as Extract<GrantOutcome, { login: unknown }>);
  const entryOf = (familyId: string) => database.dataSource.manager.findOneBy(VaultEntryEntity, { familyId });
  const familyRow = (id: string) => database.dataSource.manager.findOneByOrFail(RefreshTokenFamilyEntity, { id });
  /** Another instance's lease on the entry, ending `seconds` from now (database time). */
  const leaseHeldElsewhere = (familyId: string, seconds: number) =>
    database.dataSource.query(`UPDATE "vault_entry" SET "lease_holder" = $2, "lease_expires_at" = now() + $3::float8 * interval '1 second' WHERE "family_id" = $1`, [
      familyId,
      randomUUID(),
      seconds,
    ]);
  const familyRevocations = () => announce.mock.calls.filter(([revocation]) => revocation.kind === 'family').map(([revocation]) => revocation.value as string);

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    const local = await database.dataSource.manager.findOneByOrFail(AuthServiceEntity, { id: ids.serviceId });
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = local;
    const service = await database.dataSource.manager.save(
      database.dataSource.manager.create(AuthServiceEntity, { ...rest, environmentId: null, name: 'rotating idp', type: 'oidc' } as AuthServiceEntity),
    );
    await database.dataSource.manager.insert(EnvironmentServiceEntity, { environmentId: ids.environmentId, authServiceId: service.id });
    serviceId = service.id;
    refreshTokens = new RefreshTokens(database.dataSource, new RevocationRepository(database.dataSource), { announce } as unknown as Revocations);
    tokenVault = new TokenVault(new Vault({ keyId: 'k1', key: randomBytes(32) }), new VaultEntriesRepository(database.dataSource));
    const connector = { service: { id: service.id, config: {} }, refresh: { refresh: (stored: StoredUpstreamLogin, context: LoginContext) => idp.refresh(stored, context) } };
    upstream = new UpstreamRefresh(
      database.dataSource,
      refreshTokens,
      new ConnectorRegistry(),
      { open: async () => connector as unknown as Connector } as unknown as ServiceConnectors,
      { providerUidOf: async () => 'uid-1', refreshProfile: async () => undefined } as unknown as UpstreamIdentities,
      tokenVault,
      { leaseSeconds: LEASE_SECONDS, pollMs: 20 },
    );
    grant = new RefreshTokenGrant(refreshTokens, upstream);
    validation = new UpstreamValidation(tokenVault, upstream);
  });

  afterAll(() => database?.close());

  beforeEach(async () => {
    announce.mockReset();
    idp = new RotatingIdp();
    // Each test's logins are the only live ones: the validation passes over every due login.
    await database.dataSource.query(`UPDATE "refresh_token_family" SET "revoked_at" = now() WHERE "revoked_at" IS NULL`);
  });

  it('redeems the upstream refresh token once for two concurrent gateway refreshes of one login; the second goes on with the new tokens', async () => {
    const { familyId, refreshToken } = await login();
    const results = await Promise.allSettled([refresh(refreshToken), refresh(refreshToken)]);
    expect(idp.redemptions).toBe(1);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    // The loser presented a token rotated within the grace period: refused, the login kept.
    expect((await familyRow(familyId)).revokedAt).toBeNull();
    const entry = await entryOf(familyId);
    expect(entry).toMatchObject({ leaseHolder: null, leaseExpiresAt: null });
    expect(entry!.earliestExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    const renewed = (results.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof refresh>>>).value;
    await expect(refresh(renewed.refreshToken!)).resolves.toMatchObject({ login: { familyId } });
    expect(idp.redemptions).toBe(1);
  });

  it('takes over the lease of a holder that crashed once it lapses', async () => {
    const { familyId, refreshToken } = await login();
    await leaseHeldElsewhere(familyId, 0.5);
    await expect(refresh(refreshToken)).resolves.toMatchObject({ login: { familyId } });
    expect(idp.redemptions).toBe(1);
    expect(await entryOf(familyId)).toMatchObject({ leaseHolder: null });
  });

  it('answers 503 UPSTREAM_UNAVAILABLE, spending and revoking nothing, while the lease is held beyond the wait', async () => {
    const { familyId, refreshToken } = await login();
    await leaseHeldElsewhere(familyId, 3600);
    await expect(refresh(refreshToken)).rejects.toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    expect(idp.redemptions).toBe(0);
    expect((await familyRow(familyId)).revokedAt).toBeNull();
    await database.dataSource.query(`UPDATE "vault_entry" SET "lease_holder" = NULL, "lease_expires_at" = NULL WHERE "family_id" = $1`, [familyId]);
    await expect(refresh(refreshToken)).resolves.toMatchObject({ login: { familyId } });
  });

  it('revokes a login the IdP refuses once, of two concurrent refreshes; its entry goes with it', async () => {
    const { familyId, refreshToken } = await login();
    idp.issued.clear();
    const results = await Promise.allSettled([refresh(refreshToken), refresh(refreshToken)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    const codes = results.map((result) => (result as PromiseRejectedResult).reason).map((error) => [error.error, error.code]);
    expect(codes).toContainEqual(['invalid_grant', 'UPSTREAM_REFRESH_FAILED']);
    expect(idp.redemptions).toBe(1);
    expect(familyRevocations()).toEqual([familyId]);
    expect((await familyRow(familyId)).revokedReason).toBe('upstream_refresh_failed');
    expect(await entryOf(familyId)).toBeNull();
  });

  describe('background validation', () => {
    it('refreshes the logins due, revokes the refused, and leaves alone those far from expiry or being refreshed elsewhere', async () => {
      const due = await login(30);
      const far = await login(3600);
      const refused = await login(10);
      const leased = await login(30);
      await leaseHeldElsewhere(leased.familyId, 3600);
      const refusedToken = (await tokenVault.get(refused.familyId))!.refresh_token.value;
      idp.issued.delete(refusedToken);
      const farBefore = await entryOf(far.familyId);

      const run = await validation.runOnce(new Date(), 100);
      expect(run).toMatchObject({ refreshed: 1, revoked: 1, unavailable: 0, failed: 0 });
      expect(idp.redemptions).toBe(2);
      expect((await entryOf(due.familyId))!.earliestExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
      expect(await entryOf(far.familyId)).toEqual(farBefore);
      expect((await familyRow(refused.familyId)).revokedReason).toBe('upstream_refresh_failed');
      expect(familyRevocations()).toEqual([refused.familyId]);
      expect((await familyRow(leased.familyId)).revokedAt).toBeNull();
      // The refreshed login's gateway refresh asks the IdP nothing more.
      await expect(refresh(due.refreshToken)).resolves.toMatchObject({ login: { familyId: due.familyId } });
      expect(idp.redemptions).toBe(2);
    });

    it('revokes nothing while the IdP cannot be asked, and tries again at the next run', async () => {
      const { familyId } = await login(30);
      idp.down = true;
      expect(await validation.runOnce(new Date(), 100)).toMatchObject({ unavailable: 1, revoked: 0 });
      expect((await familyRow(familyId)).revokedAt).toBeNull();
      expect(await entryOf(familyId)).toMatchObject({ leaseHolder: null, leaseExpiresAt: null });
      idp.down = false;
      expect(await validation.runOnce(new Date(), 100)).toMatchObject({ refreshed: 1 });
      expect(idp.redemptions).toBe(1);
    });

    it('asks each due login once when two instances run at the same time, in batches', async () => {
      const logins = await Promise.all(Array.from({ length: 5 }, () => login(30)));
      const [first, second] = await Promise.all([validation.runOnce(new Date(), 2), validation.runOnce(new Date(), 2)]);
      expect(first.refreshed + second.refreshed).toBe(5);
      expect(idp.redemptions).toBe(5);
      for (const { familyId } of logins) expect((await familyRow(familyId)).revokedAt).toBeNull();
    });

    it('stops picking a login whose upstream has nothing to refresh, until new tokens are written', async () => {
      const { familyId } = await login(30);
      await tokenVault.putForFamily(database.dataSource.manager, familyId, { access_token: { value: 'no refresh token', expiresAt: new Date(Date.now() + 30_000) } });
      expect(await validation.runOnce(new Date(), 100)).toMatchObject({ confirmed: 1 });
      expect(await entryOf(familyId)).toMatchObject({ earliestExpiresAt: null, leaseHolder: null });
      expect(await validation.runOnce(new Date(), 100)).toMatchObject({ confirmed: 0, refreshed: 0 });
    });
  });
});
