import { ConnectorError, ConnectorRegistry, type Connector, type ServiceConnectors } from '@rapidauth/connectors';
import { AuthServiceEntity, EnvironmentServiceEntity, RefreshTokenFamilyEntity, type Database } from '@rapidauth/database';
import type { UpstreamIdentities } from '@rapidauth/identity';
import { NO_LOGIN_CLAIMS, type AppClient, type LoginClaims } from '@rapidauth/oauth';
import type { TokenVault } from '@rapidauth/vault';
import type { GrantOutcome } from '../../../libs/oauth/src/grants/grant-type';
import { RefreshTokenGrant } from '../../../libs/oauth/src/grants/refresh-token.grant';
import { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import { UpstreamRefresh } from '../../../libs/oauth/src/refresh/upstream-refresh';
import type { Revocations } from '../../../libs/oauth/src/revocation/revocations';
import { RevocationRepository } from '../../../libs/oauth/src/revocation/revocation.repository';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { appClient, createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

/**
 * The refresh grant's rotation on both backends (docs/gateway.md#upstream-refresh): a local login
 * rotates in one transaction of two statements and asks no upstream; a login through a service
 * that signs in upstream is confirmed there first, outside the transaction, judged by the service
 * row as it is at the refresh — also once the environment no longer enables the service.
 */
describe.each(BACKENDS)('refresh rotation (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let refreshTokens: RefreshTokens;
  let grant: RefreshTokenGrant;
  const upstreamRefresh = jest.fn();
  const open = jest.fn();
  const announce = jest.fn();

  const client = (): AppClient => {
    const base = appClient(ids, ['authorization_code', 'refresh_token']);
    return { ...base, service: { ...base.service, settings: { ...base.service.settings, refreshReuseGraceSeconds: 0 } } } as AppClient;
  };
  const claims: LoginClaims = { provider: 'local', providerUid: 'alice', amr: ['pwd'] };
  const login = async (authServiceId = ids.serviceId, loginClaims = claims) =>
    (await refreshTokens.beginLogin(database.dataSource.manager, client(), {
      accountId: ids.accountId,
      identityId: ids.identityId,
      authServiceId,
      scope: ['openid', 'profile'],
      authTime: new Date(),
      claims: loginClaims,
    })) as { family: RefreshTokenFamilyEntity; refreshToken: string };
  /** The grant's answer: a user's login, with the rotated token. */
  const refresh = (token: string, scope?: string[]) =>
    grant
      .authorize({
        params: { refresh_token: token },
        client: client(),
        clientAuthenticated: false,
        now: new Date(),
        ip: '192.0.2.1',
        scope: [],
        tokenScope: (held) => {
          if (scope && scope.some((s) => !held.includes(s))) throw new Error('invalid_scope');
          return [...held];
        },
      })
      .then((outcome) => outcome as Extract<GrantOutcome, { login: unknown }>);
  /** A service of `type` the environment enables; the organization's (so that it may turn `local` beside the environment's own). */
  const upstreamService = async (type = 'ldap') => {
    const local = await database.dataSource.manager.findOneByOrFail(AuthServiceEntity, { id: ids.serviceId });
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = local;
    const service = await database.dataSource.manager.save(
      database.dataSource.manager.create(AuthServiceEntity, { ...rest, environmentId: null, name: `upstream ${type}`, type } as AuthServiceEntity),
    );
    await database.dataSource.manager.insert(EnvironmentServiceEntity, { environmentId: ids.environmentId, authServiceId: service.id });
    return service;
  };
  const familyRow = (id: string) => database.dataSource.manager.findOneByOrFail(RefreshTokenFamilyEntity, { id });
  /** The SQL statements `work` sends, transaction control included. */
  const statementsOf = async (work: () => Promise<unknown>): Promise<number> => {
    let statements = 0;
    const create = database.dataSource.createQueryRunner.bind(database.dataSource);
    const spy = jest.spyOn(database.dataSource, 'createQueryRunner').mockImplementation((mode) => {
      const runner = create(mode);
      const query = runner.query.bind(runner);
      runner.query = ((...args: Parameters<typeof query>) => {
        statements++;
        return query(...args);
      }) as typeof runner.query;
      return runner;
    });
    try {
      await work();
      return statements;
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    refreshTokens = new RefreshTokens(database.dataSource, new RevocationRepository(database.dataSource), { announce } as unknown as Revocations);
    const upstream = new UpstreamRefresh(
      database.dataSource,
      refreshTokens,
      new ConnectorRegistry(),
      { open } as unknown as ServiceConnectors,
      { providerUidOf: async () => 'uid-1', refreshProfile: async () => undefined } as unknown as UpstreamIdentities,
      // Logins without upstream tokens: no vault entry, so no lease to take.
      { get: async () => undefined, putForFamily: async () => undefined, takeLease: async () => 'none' } as unknown as TokenVault,
    );
    grant = new RefreshTokenGrant(refreshTokens, upstream);
  });

  afterAll(() => database?.close());

  beforeEach(() => {
    jest.resetAllMocks();
    open.mockImplementation(async (service: AuthServiceEntity) => ({ service: { id: service.id, config: {} }, refresh: { refresh: upstreamRefresh } }) as unknown as Connector);
    upstreamRefresh.mockResolvedValue(null);
  });

  it('rotates a local login in one transaction of two statements, asking no upstream', async () => {
    const { family, refreshToken } = await login();
    let outcome: Awaited<ReturnType<typeof refresh>> | undefined;
    expect(await statementsOf(async () => (outcome = await refresh(refreshToken)))).toBe(4);
    // The rotation reads the family's login claims with the token: the new tokens carry them.
    expect(outcome).toMatchObject({ subject: { accountId: ids.accountId, identityId: ids.identityId }, scope: ['openid', 'profile'], login: { familyId: family.id, claims } });
    expect(open).not.toHaveBeenCalled();
    // The new token works, the spent one is a reuse: the family revoked and announced.
    await expect(refresh(outcome!.refreshToken!)).resolves.toMatchObject({ login: { familyId: family.id } });
    await expect(refresh(refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await familyRow(family.id)).revokedReason).toBe('refresh_token_reuse');
    expect(announce).toHaveBeenCalledTimes(1);
  });

  it('keeps a login without an identity (a grant login) without login claims, as nulls in its family', async () => {
    const { refreshToken } = await login(ids.serviceId, NO_LOGIN_CLAIMS);
    const outcome = await refresh(refreshToken);
    expect(outcome.login.claims).toEqual(NO_LOGIN_CLAIMS);
    expect((await refreshTokens.findUsable(outcome.refreshToken!, new Date()))!.family.claims).toEqual({ provider: null, providerUid: null, amr: null });
  });

  it('rotates a token once of two concurrent refreshes', async () => {
    const { refreshToken } = await login();
    const results = await Promise.allSettled([refresh(refreshToken), refresh(refreshToken)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('spends nothing when the scope asked for is refused', async () => {
    const { refreshToken } = await login();
    await expect(refresh(refreshToken, ['email'])).rejects.toThrow('invalid_scope');
    await expect(refresh(refreshToken)).resolves.toMatchObject({ scope: ['openid', 'profile'] });
  });

  it('confirms a login through an upstream service before rotating, also once the environment no longer enables the service', async () => {
    const service = await upstreamService();
    const { family, refreshToken } = await login(service.id);
    const first = await refresh(refreshToken);
    expect(upstreamRefresh).toHaveBeenCalledTimes(1);
    expect(upstreamRefresh).toHaveBeenCalledWith({ providerUid: 'uid-1' }, expect.objectContaining({ environmentId: ids.environmentId }));

    await database.dataSource.manager.delete(EnvironmentServiceEntity, { environmentId: ids.environmentId, authServiceId: service.id });
    upstreamRefresh.mockRejectedValue(new ConnectorError('UPSTREAM_REFRESH_FAILED', 'gone'));
    await expect(refresh(first.refreshToken!)).rejects.toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
    expect(upstreamRefresh).toHaveBeenCalledTimes(2);
    expect((await familyRow(family.id)).revokedReason).toBe('upstream_refresh_failed');
  });

  it('spends nothing while the upstream cannot be asked', async () => {
    const service = await upstreamService('custom');
    const { refreshToken } = await login(service.id);
    upstreamRefresh.mockRejectedValueOnce(new ConnectorError('UPSTREAM_UNAVAILABLE', 'down', { retryAfterSeconds: 5 }));
    await expect(refresh(refreshToken)).rejects.toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    await expect(refresh(refreshToken)).resolves.toMatchObject({ refreshToken: expect.any(String) });
    expect(upstreamRefresh).toHaveBeenCalledTimes(2);
  });

  it('asks no upstream once the service signs in locally, or no longer exists, as before the rotation read the type', async () => {
    const turned = await upstreamService();
    const removed = await upstreamService('active-directory');
    const throughTurned = await login(turned.id);
    const throughRemoved = await login(removed.id);
    await database.dataSource.manager.update(AuthServiceEntity, { id: turned.id }, { type: 'local' });
    await database.dataSource.manager.delete(EnvironmentServiceEntity, { authServiceId: removed.id });
    await database.dataSource.manager.delete(AuthServiceEntity, { id: removed.id });
    await expect(refresh(throughTurned.refreshToken)).resolves.toMatchObject({ login: { familyId: throughTurned.family.id } });
    await expect(refresh(throughRemoved.refreshToken)).resolves.toMatchObject({ login: { familyId: throughRemoved.family.id } });
    expect(open).not.toHaveBeenCalled();
  });

  it('asks no upstream for a token the rotation refuses anyway', async () => {
    const service = await upstreamService();
    const { family, refreshToken } = await login(service.id);
    await refreshTokens.revokeFamily(family.id, 'test');
    await expect(refresh(refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(refresh('not a token of ours')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(upstreamRefresh).not.toHaveBeenCalled();
  });
});
