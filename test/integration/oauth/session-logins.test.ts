import type { Database } from '@rapidauth/database';
import { formLoginClaims } from '@rapidauth/oauth';
import type { DataSource } from 'typeorm';
import { RefreshFamilyBrowserSession1795465000000 } from '../../../libs/database/src/migrations/1795465000000-RefreshFamilyBrowserSession';
import type { AuthorizationCodes } from '../../../libs/oauth/src/authorization/authorization-codes';
import { BrowserSessions } from '../../../libs/oauth/src/authorization/browser-sessions';
import type { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { appClient, authorizationRequest, codeFlowStores, createSignInFixture } from '../../support/sign-in-fixture';

/**
 * The logins made in a browser session (what RP-initiated logout revokes) are found from the
 * refresh-token families, which record their session: authorization codes are deleted minutes
 * after use, the logins last days.
 */
describe.each(BACKENDS)('logins of a browser session (%s)', (_label, kind) => {
  let database: Database;
  let environmentId: string;
  let accountId: string;
  let identityId: string;
  let serviceId: string;
  let clientId: string;
  let sessions: BrowserSessions;
  let codes: AuthorizationCodes;
  let refreshTokens: RefreshTokens;

  const request = () => authorizationRequest(clientId, ['openid']);
  const client = () => appClient({ environmentId, clientId, serviceId }, ['authorization_code', 'refresh_token']);

  /** A browser session and a login made in it through the code flow. */
  const loginInNewSession = async (now = new Date()) => {
    const prepared = sessions.prepare({ environmentId, accountId, identityId, authServiceId: serviceId, authTime: now, claims: formLoginClaims({ provider: 'local', providerUid: 'alice' }) }, now);
    await sessions.save(prepared);
    const code = await codes.issue({ request: request(), session: prepared.session, environmentId, serviceId, ttlSeconds: 60 }, now);
    const { id } = (await codes.findForExchange(code))!;
    const started = await refreshTokens.beginLoginRedeeming(
      id,
      client(),
      { accountId, identityId, authServiceId: serviceId, scope: ['openid'], authTime: now },
      now,
    );
    return { sessionId: prepared.session.id, familyId: started!.familyId };
  };
  const deleteCodesOfSession = (sessionId: string) =>
    database.dataSource.query(`DELETE FROM "authorization_code" WHERE "session_id" = $1`, [sessionId]);

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ({ environmentId, accountId, identityId, serviceId, clientId } = await createSignInFixture(database.dataSource.manager));
    ({ sessions, codes, refreshTokens } = codeFlowStores(database.dataSource));
  });

  afterAll(() => database?.close());

  it("still finds a session's login after the cleanup deleted its authorization code", async () => {
    const login = await loginInNewSession();
    const elsewhere = await loginInNewSession();
    await deleteCodesOfSession(login.sessionId);

    expect(await sessions.familiesOf(login.sessionId, clientId)).toEqual([login.familyId]);
    expect(await sessions.madeLoginIn(login.sessionId, clientId, login.familyId)).toBe(true);
    // Another client's logout, or a login of another session, finds nothing.
    expect(await sessions.familiesOf(login.sessionId, 'another-client')).toEqual([]);
    expect(await sessions.madeLoginIn(login.sessionId, clientId, elsewhere.familyId)).toBe(false);
    expect(await sessions.madeLoginIn(login.sessionId, clientId, 'not-a-uuid')).toBe(false);
  });

  it('lists only live logins for revocation, yet a revoked one still names its session', async () => {
    const login = await loginInNewSession();
    await database.dataSource.query(`UPDATE "refresh_token_family" SET "revoked_at" = now() WHERE "id" = $1`, [login.familyId]);

    expect(await sessions.familiesOf(login.sessionId, clientId)).toEqual([]);
    expect(await sessions.madeLoginIn(login.sessionId, clientId, login.familyId)).toBe(true);
  });

  it('the migration gives existing logins the session of their code, skipping codes of no stored session', async () => {
    const login = await loginInNewSession();
    const migration = new RefreshFamilyBrowserSession1795465000000();
    const runner = database.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      // The fixture graph's code names a session id that is no uuid of a stored session.
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows: { browser_session_id: string | null }[] = await database.dataSource.query(
      `SELECT "browser_session_id" FROM "refresh_token_family" WHERE "id" = $1`,
      [login.familyId],
    );
    expect(rows).toEqual([{ browser_session_id: login.sessionId }]);
  });

  if (kind === 'postgres') {
    it('looks the logins up through ix_refresh_token_family_session', async () => {
      const { sessionId } = await loginInNewSession();
      await database.dataSource.query(
        `INSERT INTO "refresh_token_family" ("environment_id", "client_id", "account_id", "auth_time", "absolute_expires_at", "browser_session_id")
         SELECT $1, $2, $3, now(), now() + interval '1 day', CASE WHEN i % 4 = 0 THEN NULL ELSE gen_random_uuid() END
         FROM generate_series(1, 20000) AS i`,
        [environmentId, clientId, accountId],
      );
      await database.dataSource.query(`ANALYZE "refresh_token_family"`);
      // The query familiesOf runs, explained.
      let plan = '';
      const explaining = {
        query: async (sql: string, parameters: unknown[]) => {
          const rows: { 'QUERY PLAN': string }[] = await database.dataSource.query(`EXPLAIN ${sql}`, parameters);
          plan = rows.map((row) => row['QUERY PLAN']).join('\n');
          return [];
        },
      } as unknown as DataSource;
      await new BrowserSessions(explaining).familiesOf(sessionId, clientId);
      expect(plan).toMatch(/Index Scan using ix_refresh_token_family_session|Bitmap Index Scan on ix_refresh_token_family_session/);
    });
  }
});
