import { randomBytes, randomUUID } from 'node:crypto';
import { AccountEntity, IdentityEntity, type Database } from '@rapidauth/database';
import { IdentityError, LocalIdentities, LoginThrottle } from '@rapidauth/identity';
import { formLoginClaims, upstreamLoginClaims, type SigningKeys } from '@rapidauth/oauth';
import { Vault } from '@rapidauth/vault';
import type { AuthorizationCodes } from '../../../libs/oauth/src/authorization/authorization-codes';
import type { BrowserSessions } from '../../../libs/oauth/src/authorization/browser-sessions';
import { LoginTransactions } from '../../../libs/oauth/src/authorization/login-transactions';
import { generateKeyMaterial, privateKeyFromPem, publicKeyFromJwk } from '../../../libs/oauth/src/keys/key-material';
import type { LoadedKey } from '../../../libs/oauth/src/keys/signing-keys';
import type { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { appClient, authorizationRequest, codeFlowStores, createSignInFixture } from '../../support/sign-in-fixture';

/**
 * The hand-written SQL of the sign-in (login transaction, session + code in one statement, the
 * code exchange in one statement, the local login), on both backends, with its single-use
 * guarantees under concurrency.
 */
describe.each(BACKENDS)('sign-in statements (%s)', (_label, kind) => {
  let database: Database;
  let environmentId: string;
  let accountId: string;
  let identityId: string;
  let serviceId: string;
  let clientId: string;
  let transactions: LoginTransactions;
  let sessions: BrowserSessions;
  let codes: AuthorizationCodes;
  let refreshTokens: RefreshTokens;
  const ISSUER = 'https://id.example';
  const claims = formLoginClaims({ provider: 'local', providerUid: 'alice' });

  const request = () => authorizationRequest(clientId, ['openid', 'profile']);
  const client = (refresh: boolean) =>
    appClient({ environmentId, clientId, serviceId }, refresh ? ['authorization_code', 'refresh_token'] : ['authorization_code']);
  const count = async (sql: string, params: unknown[]) => Number((await database.dataSource.query(sql, params))[0].n);
  /** How `work` ended, and the SQL statements it sent (every query of every query runner, transaction control included). */
  const statementsOf = async (work: () => Promise<unknown>) => {
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
      const outcome = await work().then(
        () => 'signed in',
        (error: IdentityError) => error.code,
      );
      return { outcome, statements };
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ({ environmentId, accountId, identityId, serviceId, clientId } = await createSignInFixture(database.dataSource.manager));
    const material = await generateKeyMaterial('ES256');
    const key: LoadedKey = {
      kid: material.kid,
      alg: 'ES256',
      publicJwk: material.publicJwk,
      publicKey: publicKeyFromJwk(material.publicJwk),
      privateKey: privateKeyFromPem(material.privatePkcs8),
      activatesAt: new Date(0),
      deactivatedAt: null,
    };
    const keys = { signer: () => key, verificationKey: async (kid: string) => (kid === key.kid ? key : undefined) } as unknown as SigningKeys;
    transactions = new LoginTransactions(database.dataSource, keys, new Vault({ keyId: 'test', key: randomBytes(32) }), { publicUrl: ISSUER } as never);
    ({ sessions, codes, refreshTokens } = codeFlowStores(database.dataSource));
  });

  afterAll(() => database?.close());

  it('creates, opens (bound to the browser) and consumes a login transaction once', async () => {
    const now = new Date();
    const created = await transactions.create(environmentId, request(), now);
    const opened = await transactions.open(created.loginTx, () => created.browserBinding, now);
    expect(opened).toEqual({ ...created.transaction, request: JSON.parse(JSON.stringify(request())) });
    await expect(transactions.open(created.loginTx, () => 'another browser', now)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(transactions.open(created.loginTx, () => created.browserBinding, new Date(now.getTime() + 301_000))).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    // Exactly one of two concurrent consumes wins; which one is the database's choice.
    expect((await Promise.all([transactions.consume(opened.id, now), transactions.consume(opened.id, now)])).sort()).toEqual([false, true]);
    await expect(transactions.open(created.loginTx, () => created.browserBinding, now)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('keeps a redirect login: found by its state once, for its service only, then who signed in and the sealed upstream tokens', async () => {
    const now = new Date();
    const otherService = randomUUID();
    const kept = { codeVerifier: 'v'.repeat(43), nonce: 'the-nonce' };
    const created = await transactions.create(environmentId, request(), now, { serviceId, state: 'the-state', kept });
    const stored = await database.dataSource.query(`SELECT "state_hash", "sealed_kept" FROM "login_transaction" WHERE "id" = $1`, [created.transaction.id]);
    expect(stored[0].state_hash).not.toContain('the-state');
    expect(stored[0].sealed_kept).not.toContain('the-nonce');

    expect(await transactions.takeRedirect(otherService, 'the-state', now)).toBeUndefined();
    expect(await transactions.takeRedirect(serviceId, 'another-state', now)).toBeUndefined();
    expect(await transactions.takeRedirect(serviceId, 'the-state', new Date(now.getTime() + 301_000))).toBeUndefined();
    // Of two concurrent callbacks with the state, one gets the kept values.
    const taken = await Promise.all([transactions.takeRedirect(serviceId, 'the-state', now), transactions.takeRedirect(serviceId, 'the-state', now)]);
    const winner = taken.find((pending) => pending !== undefined);
    expect(taken.filter((pending) => pending !== undefined)).toHaveLength(1);
    expect(winner).toEqual({ id: created.transaction.id, environmentId, request: JSON.parse(JSON.stringify(request())), kept });
    expect(await transactions.takeRedirect(serviceId, 'the-state', now)).toBeUndefined();

    const expiresAt = new Date(now.getTime() + 3_600_000);
    const upstreamTokens = { access_token: { value: 'upstream-access', expiresAt }, refresh_token: { value: 'upstream-refresh' } };
    const upstreamClaims = upstreamLoginClaims({ provider: serviceId, providerUid: 'upstream-alice' });
    await transactions.recordSignIn(created.transaction.id, { accountId, identityId, authServiceId: serviceId, authTime: now, claims: upstreamClaims, upstreamTokens });
    const sealed = await database.dataSource.query(`SELECT "sealed_upstream_tokens" FROM "login_transaction" WHERE "id" = $1`, [created.transaction.id]);
    expect(sealed[0].sealed_upstream_tokens).not.toContain('upstream-access');
    const opened = await transactions.open(created.loginTx, () => created.browserBinding, now);
    expect(opened.signedIn).toEqual({ accountId, identityId, authServiceId: serviceId, authTime: now, claims: upstreamClaims, upstreamTokens });
    const resumed = transactions.loginTxFor(created.transaction.id, request().clientId, now);
    expect((await transactions.open(resumed, () => created.browserBinding, now)).id).toBe(created.transaction.id);
    await expect(transactions.open(resumed, () => undefined, now)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('ends a sign-in once: of concurrent completions one stores its session and gets a code, the others write nothing', async () => {
    const now = new Date();
    const { transaction } = await transactions.create(environmentId, request(), now);
    const prepared = Array.from({ length: 4 }, () =>
      sessions.prepare({ environmentId, accountId, identityId, authServiceId: serviceId, authTime: now, claims }, now),
    );
    const results = await Promise.all(
      prepared.map((session) =>
        codes.issueAtSignIn({ transactionId: transaction.id, request: request(), session, environmentId, serviceId, ttlSeconds: 60 }, now),
      ),
    );
    const winners = results.filter((code) => code !== undefined);
    expect(winners).toHaveLength(1);
    const winner = prepared[results.findIndex((code) => code !== undefined)];
    expect(await count(`SELECT count(*) AS n FROM "browser_session" WHERE "id" = ANY($1)`, [prepared.map((p) => p.session.id)])).toBe(1);
    // The stored session is found by its cookie.
    expect(await sessions.find(environmentId, winner.cookie, now)).toEqual(winner.session);

    const code = (await codes.findForExchange(winners[0]!))!;
    expect(code).toMatchObject({
      clientId,
      accountId,
      identityId,
      authServiceId: serviceId,
      redirectUri: 'https://app.example/cb',
      scope: 'openid profile',
      nonce: 'n',
      codeChallenge: request().codeChallenge,
      claims,
      consumedAt: null,
      familyId: null,
      accountUsable: true,
    });
    expect(code.authTime.getTime()).toBe(now.getTime());
    expect(code.expiresAt.getTime()).toBe(now.getTime() + 60_000);
    expect(await database.dataSource.query(`SELECT "session_id" FROM "authorization_code" WHERE "id" = $1`, [code.id])).toEqual([
      { session_id: winner.session.id },
    ]);
  });

  it('redeems a code once: of concurrent exchanges one starts the family (and its refresh token), the others write nothing', async () => {
    const now = new Date();
    const session = sessions.prepare({ environmentId, accountId, identityId, authServiceId: serviceId, authTime: now, claims }, now);
    const { transaction } = await transactions.create(environmentId, request(), now);
    const issued = (await codes.issueAtSignIn({ transactionId: transaction.id, request: request(), session, environmentId, serviceId, ttlSeconds: 60 }, now))!;
    const code = (await codes.findForExchange(issued))!;
    const login = { accountId, identityId, authServiceId: serviceId, scope: ['openid'], authTime: now };
    const results = await Promise.all(Array.from({ length: 4 }, () => refreshTokens.beginLoginRedeeming(code.id, client(true), login, now)));
    const started = results.filter((result) => result !== undefined);
    expect(started).toHaveLength(1);
    const { familyId, refreshToken } = started[0]!;
    expect(refreshToken).toEqual(expect.any(String));
    expect(await codes.familyOf(code.id)).toBe(familyId);
    expect((await codes.findForExchange(issued))!.consumedAt!.getTime()).toBe(now.getTime());
    const found = (await refreshTokens.findUsable(refreshToken!, now))!;
    expect(found.family).toMatchObject({ id: familyId, environmentId, clientId, accountId, identityId, authServiceId: serviceId, grantId: null, scope: 'openid', revokedAt: null });
    // The family's login claims are the code's, copied by the exchange's statement.
    expect(found.family.claims).toEqual({ provider: 'local', providerUid: 'alice', amr: ['pwd'] });
    expect(found.family.absoluteExpiresAt.getTime()).toBe(now.getTime() + 3600_000);
    expect(found.token.expiresAt.getTime()).toBe(now.getTime() + 3600_000);
    expect(await count(`SELECT count(*) AS n FROM "refresh_token_family" WHERE "account_id" = $1 AND "auth_time" = $2`, [accountId, now])).toBe(1);
  });

  it('starts a family without a refresh token when the client may not refresh', async () => {
    const now = new Date();
    const session = sessions.prepare({ environmentId, accountId, identityId, authServiceId: serviceId, authTime: now, claims }, now);
    const { transaction } = await transactions.create(environmentId, request(), now);
    const issued = (await codes.issueAtSignIn({ transactionId: transaction.id, request: request(), session, environmentId, serviceId, ttlSeconds: 60 }, now))!;
    const code = (await codes.findForExchange(issued))!;
    const started = (await refreshTokens.beginLoginRedeeming(code.id, client(false), { accountId, identityId, authServiceId: serviceId, scope: [], authTime: now }, now))!;
    expect(started.refreshToken).toBeUndefined();
    expect(await count(`SELECT count(*) AS n FROM "refresh_token" WHERE "family_id" = $1`, [started.familyId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM "refresh_token_family" WHERE "id" = $1`, [started.familyId])).toBe(1);
    expect(await codes.findForExchange('no such code')).toBeUndefined();
  });

  it('gives a code issued from a stored session (SSO reuse) the claims the session signed in with', async () => {
    const now = new Date();
    const prepared = sessions.prepare(
      { environmentId, accountId, identityId, authServiceId: serviceId, authTime: now, claims: upstreamLoginClaims({ provider: serviceId, providerUid: 'upstream-bob' }) },
      now,
    );
    await sessions.save(prepared);
    const found = (await sessions.find(environmentId, prepared.cookie, now))!;
    expect(found.claims).toEqual({ provider: serviceId, providerUid: 'upstream-bob', amr: null });
    const code = await codes.issue({ request: request(), session: found, environmentId, serviceId, ttlSeconds: 60 }, now);
    expect((await codes.findForExchange(code))!.claims).toEqual(found.claims);
  });

  it('says when the account behind a code is disabled', async () => {
    const now = new Date();
    const other = await database.dataSource.manager.save(database.dataSource.manager.create(AccountEntity, { environmentId, disabled: true }));
    const code = await codes.issue(
      { request: request(), session: { id: randomUUID(), environmentId, accountId: other.id, identityId, authServiceId: serviceId, authTime: now, claims }, environmentId, serviceId, ttlSeconds: 60 },
      now,
    );
    expect((await codes.findForExchange(code))!.accountUsable).toBe(false);
  });

  it('signs a local user in: gives back the failures it saw, records the login, refuses a disabled account and a lock', async () => {
    const throttle = new LoginThrottle(database.dataSource);
    const identities = new LocalIdentities(database.dataSource, throttle);
    const username = `bob${randomUUID().slice(0, 8)}`;
    const created = await identities.create(environmentId, { username, email: `${username}@example.com`, password: 'correct horse battery' });
    const now = new Date();
    const login = (password: string, at = now, ip = '192.0.2.7') => identities.authenticate({ environmentId, login: username, password, ip }, at);
    await expect(login('wrong password here')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await count(`SELECT "failures" AS n FROM "login_throttle" WHERE "key" = $1`, [`identity:${created.identityId}`])).toBe(1);
    expect(await identities.authenticate({ environmentId, login: `${username}@EXAMPLE.com`, password: 'correct horse battery', ip: '192.0.2.7' }, now)).toEqual(created);
    expect(await count(`SELECT coalesce(sum("failures"), 0) AS n FROM "login_throttle" WHERE "key" = $1`, [`identity:${created.identityId}`])).toBe(0);
    const identity = await database.dataSource.manager.findOneByOrFail(IdentityEntity, { id: created.identityId });
    const account = await database.dataSource.manager.findOneByOrFail(AccountEntity, { id: created.accountId });
    expect(identity.lastLoginAt!.getTime()).toBe(now.getTime());
    expect(account.lastLoginAt!.getTime()).toBe(now.getTime());

    await database.dataSource.query(
      `INSERT INTO "login_throttle" ("key", "failures", "window_started_at", "locked_until") VALUES ($1, 5, $2, $3)
       ON CONFLICT ("key") DO UPDATE SET "failures" = 5, "window_started_at" = $2, "locked_until" = $3`,
      [`identity:${created.identityId}`, now, new Date(now.getTime() + 60_000)],
    );
    const locked = await login('correct horse battery').catch((error: IdentityError) => error);
    expect(locked).toMatchObject({ code: 'IDENTITY_TEMPORARILY_LOCKED' });
    await expect(login('correct horse battery', new Date(now.getTime() + 61_000))).resolves.toEqual(created);

    await database.dataSource.manager.update(AccountEntity, { id: created.accountId }, { disabled: true });
    await expect(login('wrong password here')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(login('correct horse battery')).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    // The right password cleared the counter even so, as before.
    expect(await count(`SELECT coalesce(sum("failures"), 0) AS n FROM "login_throttle" WHERE "key" = $1`, [`identity:${created.identityId}`])).toBe(0);
  });

  it('signs a local user in with 2 statements (lookup and reservation in one, then release and last login), fails with 1', async () => {
    const identities = new LocalIdentities(database.dataSource, new LoginThrottle(database.dataSource));
    const username = `carol${randomUUID().slice(0, 8)}`;
    await identities.create(environmentId, { username, password: 'correct horse battery' });
    const login = (name: string, password: string) => () => identities.authenticate({ environmentId, login: name, password, ip: '192.0.2.8' });
    expect(await statementsOf(login(username, 'correct horse battery'))).toEqual({ outcome: 'signed in', statements: 2 });
    expect(await statementsOf(login(username, 'wrong password here'))).toEqual({ outcome: 'INVALID_CREDENTIALS', statements: 1 });
    expect(await statementsOf(login('nobody-has-this-name', 'wrong password here'))).toEqual({ outcome: 'INVALID_CREDENTIALS', statements: 1 });
    expect(await statementsOf(login('control\u0000character', 'wrong password here'))).toEqual({ outcome: 'INVALID_CREDENTIALS', statements: 1 });
  });
});
