import { IdentityEntity } from '@rapidauth/database';
import { decodeJwt } from 'jose';
import { accountCall, agedLogin, passwordLogin, refresh, signedInUser, type Tokens } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createBackendJob, createTenant } from '../../support/tenant';

/**
 * The account endpoints over HTTP (docs/gateway.md#account-self-service): the account view, and
 * removing identities and accounts on a fresh login only, with everything removed losing its logins.
 */
describe('account self-service', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let users = 0;

  const call = (method: string, path: string, token: string | null, body?: unknown, headers?: Record<string, string>) =>
    accountCall(testbed.gateway.url, method, path, token, body, headers);
  const credentials = () => ({ clientId: tenant.environment.appKey, secret: tenant.appSecret });
  const dataSource = () => testbed.gateway.running.runtime.database.dataSource;

  const signedIn = () => signedInUser(testbed, tenant, `user${++users}`);

  /**
   * An account with two local identities, each signed in: the second user's identity moved into the
   * first's account, as linking will do (its emptied account deleted).
   */
  const linkedPair = async () => {
    const first = await signedIn();
    const second = await signedIn();
    await dataSource().query(`UPDATE "identity" SET "account_id" = $1 WHERE "id" = $2`, [first.uid, second.identityId]);
    await dataSource().query(`DELETE FROM "account" WHERE "id" = $1`, [second.uid]);
    const secondTokens = await passwordLogin(testbed.gateway.url, tenant, second.username, second.password);
    return { uid: first.uid, a: { identityId: first.identityId, tokens: first.tokens }, b: { identityId: second.identityId, tokens: secondTokens } };
  };

  const identitiesOf = async (uid: string) => (await dataSource().manager.findBy(IdentityEntity, { accountId: uid })).map((identity) => identity.id).sort();
  const accountExists = async (uid: string) => (await testbed.api('GET', `/v1/users/${uid}`)).status === 200;
  const loginWorks = async (tokens: Tokens) => (await isActive(testbed.gateway.url, credentials(), tokens.access_token)) && (await call('GET', '/v3/auth/account', tokens.access_token)).status === 200;
  const auditOf = async (action: string, uid: string) =>
    ((await testbed.api('GET', `/v1/audit-events?action=${action}&limit=100`)).body.rows as Array<Record<string, any>>).filter((event) => event.targetId === uid);

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  describe('GET /v3/auth/account', () => {
    it('answers the account, its identities (the current one marked) and its second factor, never cached', async () => {
      const pair = await linkedPair();
      const answer = await call('GET', '/v3/auth/account', pair.b.tokens.access_token);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('pragma')).toBe('no-cache');
      const rows = await dataSource().manager.find(IdentityEntity, { where: { accountId: pair.uid }, order: { createdAt: 'ASC' } });
      expect(answer.body).toEqual({
        uid: pair.uid,
        createdAt: expect.any(Number),
        expiresAt: null,
        identities: rows.map((row) => ({
          id: row.id,
          provider: 'local',
          providerUid: row.providerUid,
          createdAt: Math.floor(row.createdAt.getTime() / 1000),
          emailVerified: false,
          current: row.id === pair.b.identityId,
        })),
        mfa: { totp: false, recoveryCodesLeft: 0 },
      });
      expect(answer.body.identities.filter((identity: { current: boolean }) => identity.current)).toHaveLength(1);
      expect(JSON.stringify(answer.body)).not.toMatch(/password|hash/i);
    });

    it('refuses what is not a live user login of the account: 401 invalid_token with a Bearer challenge', async () => {
      const user = await signedIn();
      const job = await createBackendJob(testbed.gateway.provisioner, tenant.environment.id);
      const clientToken = ((await (await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials', client_id: job.client.clientId, client_secret: job.clientSecret! })).json()) as Tokens).access_token;
      for (const token of [null, 'not-a-token', testbed.root, clientToken, `${user.tokens.access_token.slice(0, -2)}xx`]) {
        const refused = await call('GET', '/v3/auth/account', token);
        expect(refused.status).toBe(401);
        expect(refused.body).toMatchObject({ error: 'invalid_token', code: 'INVALID_TOKEN' });
        expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer realm="rapidauth", error="invalid_token"/);
      }
      // The access token in a form body is not read here: only the header.
      const inBody = await fetch(`${testbed.gateway.url}/v3/auth/account`, { method: 'DELETE', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ access_token: user.tokens.access_token }) });
      expect(inBody.status).toBe(401);
      expect(await accountExists(user.uid)).toBe(true);

      // A revoked login (its refresh token revoked, RFC 7009), then a disabled account.
      const other = await signedIn();
      await postForm(`${testbed.gateway.url}/oauth/revoke`, { token: other.tokens.refresh_token }, basicAuth(tenant.environment.appKey, tenant.appSecret));
      expect((await call('GET', '/v3/auth/account', other.tokens.access_token)).status).toBe(401);
      expect((await call('GET', '/v3/auth/account', user.tokens.access_token)).status).toBe(200);
      expect((await testbed.api('PATCH', `/v1/users/${user.uid}`, { disabled: true })).status).toBe(200);
      expect((await call('GET', '/v3/auth/account', user.tokens.access_token)).body).toMatchObject({ code: 'INVALID_TOKEN' });
    });

    it("serves browser origins the environment's authorizedOrigins list (CORS, DELETE in the preflight), refuses others", async () => {
      const user = await signedIn();
      const refused = await call('GET', '/v3/auth/account', user.tokens.access_token, undefined, { origin: 'https://app.example' });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'UNAUTHORIZED_REQUEST_ORIGIN' });
      const path = `/v1/environments/${tenant.environment.id}/identity-methods`;
      try {
        expect((await testbed.api('PATCH', path, { authorizedOrigins: ['https://app.example'] })).status).toBe(200);
        const preflight = await fetch(`${testbed.gateway.url}/v3/auth/account`, {
          method: 'OPTIONS',
          headers: { origin: 'https://app.example', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE');
        const served = await call('GET', '/v3/auth/account', user.tokens.access_token, undefined, { origin: 'https://app.example' });
        expect(served.status).toBe(200);
        expect(served.headers.get('access-control-allow-origin')).toBe('https://app.example');
        expect((await call('GET', '/v3/auth/account', user.tokens.access_token, undefined, { origin: 'https://evil.example' })).body).toMatchObject({ code: 'UNAUTHORIZED_REQUEST_ORIGIN' });
      } finally {
        await testbed.api('PATCH', path, { authorizedOrigins: [] });
      }
    });
  });

  describe('fresh login', () => {
    const removals = (pair: Awaited<ReturnType<typeof linkedPair>>) =>
      [
        ['DELETE', `/v3/auth/identities/${pair.b.identityId}`],
        ['DELETE', '/v3/auth/identity'],
        ['DELETE', '/v3/auth/account'],
      ] as const;

    it('refuses removals with a login older than freshLoginSeconds: 401 insufficient_user_authentication (RFC 9470), max_age, nothing changed', async () => {
      const pair = await linkedPair();
      const stale = await agedLogin(testbed, tenant, pair.a.tokens, 301);
      expect(Math.floor(Date.now() / 1000) - (decodeJwt(stale.access_token).auth_time as number)).toBeGreaterThan(300);
      for (const [method, path] of removals(pair)) {
        const refused = await call(method, path, stale.access_token);
        expect(refused.status).toBe(401);
        expect(refused.body).toMatchObject({ error: 'insufficient_user_authentication', code: 'TOKEN_TOO_OLD' });
        expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer realm="rapidauth", error="insufficient_user_authentication", error_description="[^"]+", max_age="300"$/);
        expect(refused.headers.get('cache-control')).toBe('no-store');
      }
      expect(await identitiesOf(pair.uid)).toEqual([pair.a.identityId, pair.b.identityId].sort());
      expect(await loginWorks(pair.b.tokens)).toBe(true);
      // Reading the account needs no fresh login.
      expect((await call('GET', '/v3/auth/account', stale.access_token)).status).toBe(200);
      // A login just under the limit passes.
      const recent = await agedLogin(testbed, tenant, pair.b.tokens, 240);
      expect((await call('DELETE', `/v3/auth/identities/${pair.a.identityId}`, recent.access_token)).status).toBe(204);
    });

    it("follows the environment's freshLoginSeconds as the admin sets it", async () => {
      const path = `/v1/environments/${tenant.environment.id}/identity-methods`;
      const pair = await linkedPair();
      const tokens = await agedLogin(testbed, tenant, pair.a.tokens, 5);
      try {
        expect((await testbed.api('PATCH', path, { freshLoginSeconds: 2 })).status).toBe(200);
        const refused = await call('DELETE', `/v3/auth/identities/${pair.b.identityId}`, tokens.access_token);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toContain('max_age="2"');
        expect((await testbed.api('PATCH', path, { freshLoginSeconds: 60 })).status).toBe(200);
        expect((await call('DELETE', `/v3/auth/identities/${pair.b.identityId}`, tokens.access_token)).status).toBe(204);
      } finally {
        await testbed.api('PATCH', path, { freshLoginSeconds: 300 });
      }
    });
  });

  describe('DELETE /v3/auth/identities/:id', () => {
    it('unlinks another identity: 204, its logins revoked (refresh, introspection, the account endpoints), audited', async () => {
      const pair = await linkedPair();
      const unlinked = await call('DELETE', `/v3/auth/identities/${pair.b.identityId}`, pair.a.tokens.access_token);
      expect(unlinked.status).toBe(204);
      expect(unlinked.headers.get('cache-control')).toBe('no-store');
      expect(await identitiesOf(pair.uid)).toEqual([pair.a.identityId]);
      expect((await refresh(testbed.gateway.url, tenant, pair.b.tokens.refresh_token)).status).toBe(400);
      expect(await isActive(testbed.gateway.url, credentials(), pair.b.tokens.access_token)).toBe(false);
      expect((await call('GET', '/v3/auth/account', pair.b.tokens.access_token)).status).toBe(401);
      expect(await loginWorks(pair.a.tokens)).toBe(true);
      expect(await auditOf('user.identity_delete', pair.uid)).toEqual([
        expect.objectContaining({
          actorType: 'account',
          actorId: pair.uid,
          targetType: 'user',
          organizationId: tenant.organization.id,
          outcome: 'success',
          details: expect.objectContaining({ identityId: pair.b.identityId, provider: 'local', accountRemoved: false }),
        }),
      ]);
    });

    it("refuses the current identity (400 INVALID_PARAMETER) and what is not the account's (404), changing nothing", async () => {
      const pair = await linkedPair();
      const stranger = await signedIn();
      for (const id of [pair.a.identityId, pair.a.identityId.toUpperCase()]) {
        const current = await call('DELETE', `/v3/auth/identities/${id}`, pair.a.tokens.access_token);
        expect(current.status).toBe(400);
        expect(current.body).toMatchObject({ error: 'invalid_request', code: 'INVALID_PARAMETER' });
      }
      for (const id of [stranger.identityId, '00000000-0000-4000-8000-000000000000', 'not-an-id', `${pair.b.identityId}%00`]) {
        const missing = await call('DELETE', `/v3/auth/identities/${id}`, pair.a.tokens.access_token);
        expect(missing.status).toBe(404);
        expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
      }
      expect(await identitiesOf(pair.uid)).toEqual([pair.a.identityId, pair.b.identityId].sort());
      expect(await identitiesOf(stranger.uid)).toEqual([stranger.identityId]);
    });
  });

  describe('DELETE /v3/auth/identity', () => {
    it("removes the token's own identity (accountRemoved: false), then the last one takes the account (true)", async () => {
      const pair = await linkedPair();
      const first = await call('DELETE', '/v3/auth/identity', pair.a.tokens.access_token);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.body).toEqual({ accountRemoved: false });
      expect(await identitiesOf(pair.uid)).toEqual([pair.b.identityId]);
      expect(await loginWorks(pair.a.tokens)).toBe(false);
      expect(await loginWorks(pair.b.tokens)).toBe(true);

      const last = await call('DELETE', '/v3/auth/identity', pair.b.tokens.access_token);
      expect(last.body).toEqual({ accountRemoved: true });
      expect(await accountExists(pair.uid)).toBe(false);
      expect(await loginWorks(pair.b.tokens)).toBe(false);
      expect((await refresh(testbed.gateway.url, tenant, pair.b.tokens.refresh_token)).status).toBe(400);
      expect((await auditOf('user.identity_delete', pair.uid)).map((event) => event.details.accountRemoved).sort()).toEqual([false, true]);
    });
  });

  describe('a login without an identity (an authentication grant)', () => {
    it('sees the account with no identity current, and has no identity of its own to remove', async () => {
      const user = await signedIn();
      const { client, clientSecret } = await testbed.gateway.provisioner.createClient({
        environmentId: tenant.environment.id,
        name: 'Kiosk backend',
        type: 'confidential',
        firstParty: true,
        grantTypes: ['password', 'refresh_token'],
      });
      const grant = await testbed.api('POST', '/v1/authentication-grants', { principalDomainId: tenant.environment.id, principalId: user.uid, clientId: client.clientId });
      expect(grant.status).toBe(201);
      const login = await postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'password', username: grant.body.key, password: grant.body.secret }, basicAuth(client.clientId, clientSecret!));
      const { access_token: token } = (await login.json()) as Tokens;
      expect(decodeJwt(token)).toMatchObject({ sub: user.uid, gid: grant.body.id });

      const view = await call('GET', '/v3/auth/account', token);
      expect(view.body.identities).toEqual([expect.objectContaining({ id: user.identityId, current: false })]);
      const refused = await call('DELETE', '/v3/auth/identity', token);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_request', code: 'INVALID_PARAMETER' });
      expect(await identitiesOf(user.uid)).toEqual([user.identityId]);
    });
  });

  describe('DELETE /v3/auth/account', () => {
    it('removes the account with every identity and login: 204, audited', async () => {
      const pair = await linkedPair();
      const removed = await call('DELETE', '/v3/auth/account', pair.a.tokens.access_token);
      expect(removed.status).toBe(204);
      expect(removed.headers.get('cache-control')).toBe('no-store');
      expect(await accountExists(pair.uid)).toBe(false);
      expect(await identitiesOf(pair.uid)).toEqual([]);
      for (const login of [pair.a, pair.b]) {
        expect(await loginWorks(login.tokens)).toBe(false);
        expect((await refresh(testbed.gateway.url, tenant, login.tokens.refresh_token)).status).toBe(400);
      }
      expect(await auditOf('user.delete', pair.uid)).toEqual([expect.objectContaining({ actorType: 'account', actorId: pair.uid, outcome: 'success' })]);
      expect((await call('DELETE', '/v3/auth/account', pair.a.tokens.access_token)).status).toBe(401);
    });
  });

  describe('concurrent removals', () => {
    it('two logins removing their own identities at once: one unlinks, the other takes the account', async () => {
      const pair = await linkedPair();
      const answers = await Promise.all([pair.a, pair.b].map((login) => call('DELETE', '/v3/auth/identity', login.tokens.access_token)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers.map((answer) => answer.body.accountRemoved).sort()).toEqual([false, true]);
      expect(await accountExists(pair.uid)).toBe(false);
      expect(await identitiesOf(pair.uid)).toEqual([]);
    });

    it('two logins unlinking each other at once: the first wins, the second login is revoked by it and refused', async () => {
      const pair = await linkedPair();
      const answers = await Promise.all([
        call('DELETE', `/v3/auth/identities/${pair.b.identityId}`, pair.a.tokens.access_token),
        call('DELETE', `/v3/auth/identities/${pair.a.identityId}`, pair.b.tokens.access_token),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 401]);
      const survivor = answers[0].status === 204 ? pair.a : pair.b;
      expect(await accountExists(pair.uid)).toBe(true);
      expect(await identitiesOf(pair.uid)).toEqual([survivor.identityId]);
      expect(await loginWorks(survivor.tokens)).toBe(true);
      expect(await auditOf('user.identity_delete', pair.uid)).toHaveLength(1);
    });

    it('one identity unlinked twice at once is removed once', async () => {
      const pair = await linkedPair();
      const answers = await Promise.all([1, 2].map(() => call('DELETE', `/v3/auth/identities/${pair.b.identityId}`, pair.a.tokens.access_token)));
      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 404]);
      expect(await identitiesOf(pair.uid)).toEqual([pair.a.identityId]);
      expect(await auditOf('user.identity_delete', pair.uid)).toHaveLength(1);
    });
  });

  describe('bad input', () => {
    it('refuses parameters these endpoints do not take, bodies that do not parse or are too large: 4xx with a code, nothing changed', async () => {
      const pair = await linkedPair();
      const token = pair.a.tokens.access_token;
      const cases: Array<[unknown, Record<string, string> | undefined, number, string]> = [
        [{ id: pair.b.identityId }, undefined, 400, 'INVALID_PARAMETER'],
        [{ 'x\u0000': 1 }, undefined, 400, 'INVALID_PARAMETER'],
        [[pair.b.identityId], undefined, 400, 'MALFORMED_REQUEST'],
        ['{"unterminated', undefined, 400, 'MALFORMED_REQUEST'],
        [JSON.stringify({ padding: 'x'.repeat(70 * 1024) }), undefined, 413, 'REQUEST_TOO_LARGE'],
        ['access_token=x&access_token=y', { 'content-type': 'application/x-www-form-urlencoded' }, 400, 'INVALID_PARAMETER'],
      ];
      for (const path of [`/v3/auth/identities/${pair.b.identityId}`, '/v3/auth/identity', '/v3/auth/account']) {
        for (const [body, headers, status, code] of cases) {
          const refused = await call('DELETE', path, token, body, headers);
          expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status, code });
        }
      }
      expect(await identitiesOf(pair.uid)).toEqual([pair.a.identityId, pair.b.identityId].sort());
      expect(await loginWorks(pair.a.tokens)).toBe(true);
    });
  });
});
