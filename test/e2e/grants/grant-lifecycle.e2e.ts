import { expectedLoginClaims, loginClaimsSeen } from '../../support/login-claims';
import { basicAuth } from '../../support/requests';
import { claimsOf, GrantsInstallation } from './grants-setup';

/**
 * An authentication grant's life over HTTP: create → login → disable →
 * enable → rotate → delete, each change effective at the token endpoint and at introspection at once.
 */
describe('authentication grants: lifecycle', () => {
  const installation = new GrantsInstallation();
  let tenant: Awaited<ReturnType<GrantsInstallation['tenant']>>;

  beforeAll(async () => {
    await installation.start();
    tenant = await installation.tenant();
  });

  afterAll(() => installation.stop());

  const tokensOf = async (response: Response) => {
    expect(response.status).toBe(200);
    return (await response.json()) as { access_token: string; refresh_token?: string; id_token?: string; scope?: string };
  };
  const refresh = (refreshToken: string) =>
    installation.token({ grant_type: 'refresh_token', refresh_token: refreshToken }, basicAuth(tenant.confidential.clientId, tenant.confidential.secret));

  it('logs the principal in while enabled; disable, rotate and delete end every login through it, enable revives none', async () => {
    const created = await installation.api('POST', '/v1/authentication-grants', {
      title: 'iPad Application',
      principalDomainId: tenant.environment.id,
      principalId: tenant.uid,
      clientId: tenant.confidential.clientId,
    });
    expect(created.status).toBe(201);
    const grant = created.body;
    expect(grant).toMatchObject({
      title: 'iPad Application',
      principalDomainId: tenant.environment.id,
      principalId: tenant.uid,
      clientId: tenant.confidential.clientId,
      enabled: true,
      allowOpenDriverAuthentication: false,
      key: expect.stringMatching(/^ag_[A-Za-z0-9_-]{43}$/),
      secret: expect.any(String),
    });
    expect(JSON.stringify(grant)).not.toMatch(/secretHash/);
    expect((await installation.api('GET', `/v1/authentication-grants/${grant.id}`)).body).not.toHaveProperty('secret');

    // Login: tokens for the grant's principal, carrying gid, with a refresh token recording the grant.
    const first = await tokensOf(await installation.grantLogin(tenant.confidential, grant.key, grant.secret));
    expect(claimsOf(first.access_token)).toMatchObject({ sub: tenant.uid, client_id: tenant.confidential.clientId, gid: grant.id, env: tenant.environment.id });
    expect(first.refresh_token).toEqual(expect.any(String));
    expect(first.id_token).toEqual(expect.any(String));
    expect(await installation.isActive(tenant, first.access_token)).toBe(true);
    const families = await installation.query<{ grant_id: string }>('SELECT grant_id FROM refresh_token_family WHERE account_id = $1', [tenant.uid]);
    expect(families).toEqual([{ grant_id: grant.id }]);
    const refreshed = await tokensOf(await refresh(first.refresh_token!));
    expect(claimsOf(refreshed.access_token)).toMatchObject({ gid: grant.id, sub: tenant.uid });
    // No identity signed in: of the login claims only uid, at the login and after a refresh (docs/gateway.md#login-claims).
    const introspector = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    expect(await loginClaimsSeen(installation.gateway.url, introspector, first)).toEqual(expectedLoginClaims({ uid: tenant.uid }, true));
    expect(await loginClaimsSeen(installation.gateway.url, introspector, refreshed)).toEqual(expectedLoginClaims({ uid: tenant.uid }, true));

    // Disable: the login is refused, earlier tokens are dead.
    const disabled = await installation.api('POST', `/v1/authentication-grants/${grant.id}/disable`);
    expect(disabled).toMatchObject({ status: 200, body: { enabled: false } });
    const refused = await installation.grantLogin(tenant.confidential, grant.key, grant.secret);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await installation.isActive(tenant, first.access_token)).toBe(false);
    expect(await installation.isActive(tenant, refreshed.access_token)).toBe(false);
    expect(await installation.isActive(tenant, refreshed.refresh_token!)).toBe(false);
    expect(await (await refresh(refreshed.refresh_token!)).json()).toMatchObject({ error: 'invalid_grant' });

    // Enable: new logins work; what disable revoked stays revoked.
    expect((await installation.api('POST', `/v1/authentication-grants/${grant.id}/enable`)).body).toMatchObject({ enabled: true });
    const second = await tokensOf(await installation.grantLogin(tenant.confidential, grant.key, grant.secret));
    expect(await installation.isActive(tenant, second.access_token)).toBe(true);
    expect(await installation.isActive(tenant, refreshed.access_token)).toBe(false);
    expect(await (await refresh(refreshed.refresh_token!)).json()).toMatchObject({ error: 'invalid_grant' });

    // Rotate: a new secret; the old one and its logins are dead at once.
    const rotated = await installation.api('POST', `/v1/authentication-grants/${grant.id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id: grant.id, key: grant.key, enabled: true, secret: expect.any(String) });
    expect(rotated.body.secret).not.toBe(grant.secret);
    expect(await (await installation.grantLogin(tenant.confidential, grant.key, grant.secret)).json()).toMatchObject({ error: 'invalid_grant' });
    expect(await installation.isActive(tenant, second.access_token)).toBe(false);
    expect(await (await refresh(second.refresh_token!)).json()).toMatchObject({ error: 'invalid_grant' });
    const third = await tokensOf(await installation.grantLogin(tenant.confidential, grant.key, rotated.body.secret));
    expect(await installation.isActive(tenant, third.access_token)).toBe(true);

    // Delete: its tokens are dead, its refresh tokens gone, its key unknown.
    expect((await installation.api('DELETE', `/v1/authentication-grants/${grant.id}`)).status).toBe(204);
    expect(await installation.isActive(tenant, third.access_token)).toBe(false);
    expect(await (await refresh(third.refresh_token!)).json()).toMatchObject({ error: 'invalid_grant' });
    expect(await (await installation.grantLogin(tenant.confidential, grant.key, rotated.body.secret)).json()).toMatchObject({ error: 'invalid_grant' });
    expect(await installation.query('SELECT id FROM refresh_token_family WHERE grant_id = $1', [grant.id])).toEqual([]);
    expect(await installation.query('SELECT id FROM refresh_token_family WHERE account_id = $1', [tenant.uid])).toEqual([]);
    expect((await installation.api('GET', `/v1/authentication-grants/${grant.id}`)).status).toBe(404);
    // The user's own password login is untouched by all this.
    const own = await installation.token(
      { grant_type: 'password', username: 'kiosk', password: 'kiosk password ok' },
      basicAuth(tenant.confidential.clientId, tenant.confidential.secret),
    );
    expect(own.status).toBe(200);
  });

  it('disabling through PATCH revokes too, and the audit log has every event without secrets', async () => {
    const { body: grant } = await installation.api('POST', '/v1/authentication-grants', {
      principalDomainId: tenant.environment.id,
      principalId: tenant.uid,
      clientId: tenant.environment.appKey,
    });
    const appClient = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    const login = await tokensOf(await installation.grantLogin(appClient, grant.key, grant.secret));
    expect(claimsOf(login.access_token)).toMatchObject({ gid: grant.id, svc: tenant.localService.id });
    await installation.grantLogin(appClient, grant.key, 'not the secret');
    expect((await installation.api('PATCH', `/v1/authentication-grants/${grant.id}`, { enabled: false })).body).toMatchObject({ enabled: false });
    expect(await installation.isActive(tenant, login.access_token)).toBe(false);
    await installation.api('POST', `/v1/authentication-grants/${grant.id}/enable`);
    const { body: rotated } = await installation.api('POST', `/v1/authentication-grants/${grant.id}/rotate`);
    await installation.api('DELETE', `/v1/authentication-grants/${grant.id}`);

    const { body: events } = await installation.api('GET', `/v1/audit-events?targetId=${grant.id}&order=asc&limit=100`);
    const actions = events.rows.map((row: { action: string; outcome: string }) => `${row.action}:${row.outcome}`);
    expect(actions).toEqual([
      'grant.create:success',
      'grant.login:success',
      'grant.login:failure',
      'grant.update:success',
      'grant.disable:success',
      'grant.enable:success',
      'grant.rotate:success',
      'grant.delete:success',
    ]);
    expect(events.rows[2].details).toMatchObject({ reason: 'wrong secret', clientId: tenant.environment.appKey });
    const logged = JSON.stringify(events);
    for (const secret of [grant.secret, rotated.secret, 'not the secret', tenant.appSecret]) expect(logged).not.toContain(secret);
  });
});
