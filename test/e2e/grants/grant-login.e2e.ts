import { expectedLoginClaims, loginClaimsSeen } from '../../support/login-claims';
import { SecretHasher } from '@rapidauth/vault';
import { basicAuth } from '../../support/requests';
import { claimsOf, GrantsInstallation } from './grants-setup';

/**
 * Grant logins at the token endpoint: bound to one client, open driver only when the grant allows
 * it, and one answer for every refusal.
 */
describe('authentication grants: logins at the token endpoint', () => {
  const installation = new GrantsInstallation();
  let tenant: Awaited<ReturnType<GrantsInstallation['tenant']>>;
  let other: Awaited<ReturnType<GrantsInstallation['tenant']>>;

  const createGrant = async (clientId: string, allowOpenDriverAuthentication: boolean) => {
    const { status, body } = await installation.api('POST', '/v1/authentication-grants', {
      principalDomainId: tenant.environment.id,
      principalId: tenant.uid,
      clientId,
      allowOpenDriverAuthentication,
    });
    expect(status).toBe(201);
    return body as { id: string; key: string; secret: string };
  };
  /** Open-driver authentication: the password grant with client_id alone, from a browser. */
  const openDriver = (clientId: string, key: string, secret: string) =>
    installation.token({ grant_type: 'password', client_id: clientId, username: key, password: secret }, { origin: 'https://kiosk.example.com' });
  const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> });

  beforeAll(async () => {
    await installation.start();
    tenant = await installation.tenant();
    other = await installation.tenant('other');
  });

  afterAll(() => installation.stop());

  it('lets a public client use a grant with client_id alone only when the grant allows open driver', async () => {
    const closed = await createGrant(tenant.browser.clientId, false);
    expect(await answer(await openDriver(tenant.browser.clientId, closed.key, closed.secret))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const open = await createGrant(tenant.browser.clientId, true);
    const login = await answer(await openDriver(tenant.browser.clientId, open.key, open.secret));
    expect(login.status).toBe(200);
    expect(claimsOf(login.body.access_token as string)).toMatchObject({ sub: tenant.uid, client_id: tenant.browser.clientId, gid: open.id });
    expect(login.body.refresh_token).toBeUndefined();
    expect(await loginClaimsSeen(installation.gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, login.body as { access_token: string })).toEqual(
      expectedLoginClaims({ uid: tenant.uid }, false),
    );

    // Turning the flag off closes the door.
    await installation.api('PATCH', `/v1/authentication-grants/${open.id}`, { allowOpenDriverAuthentication: false });
    expect(await answer(await openDriver(tenant.browser.clientId, open.key, open.secret))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it("accepts a confidential client's client_id alone for an open-driver grant, and nothing else without its secret", async () => {
    const open = await createGrant(tenant.confidential.clientId, true);
    const login = await answer(await openDriver(tenant.confidential.clientId, open.key, open.secret));
    expect(login.status).toBe(200);
    expect(claimsOf(login.body.access_token as string)).toMatchObject({ sub: tenant.uid, gid: open.id });

    const today = await answer(
      await installation.token({ grant_type: 'password', client_id: tenant.confidential.clientId, username: 'kiosk', password: 'kiosk password ok' }),
    );
    expect(today).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const closed = await createGrant(tenant.confidential.clientId, false);
    expect(await answer(await openDriver(tenant.confidential.clientId, closed.key, closed.secret))).toEqual(today);
    expect(await answer(await openDriver(tenant.confidential.clientId, open.key, 'not the secret'))).toEqual(today);
    expect(await answer(await openDriver(tenant.confidential.clientId, `ag_${'x'.repeat(43)}`, 'whatever'))).toEqual(today);
    // The open door is for the grant's own client only, and still checks the browser's origin.
    expect(await answer(await openDriver(tenant.environment.appKey, open.key, open.secret))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const foreignOrigin = await installation.token(
      { grant_type: 'password', client_id: tenant.confidential.clientId, username: open.key, password: open.secret },
      { origin: 'https://evil.example.com' },
    );
    expect(await answer(foreignOrigin)).toMatchObject({ status: 403, body: { code: 'UNAUTHORIZED_REQUEST_ORIGIN' } });
  });

  it('refuses another client, another environment, a wrong secret and an unknown key with the same invalid_grant', async () => {
    const grant = await createGrant(tenant.confidential.clientId, false);
    const appClient = basicAuth(tenant.environment.appKey, tenant.appSecret);
    const form = (username: string, password: string) => ({ grant_type: 'password', username, password });

    const wrongSecret = await answer(await installation.token(form(grant.key, 'not the secret'), basicAuth(tenant.confidential.clientId, tenant.confidential.secret)));
    const unknownKey = await answer(await installation.token(form(`ag_${'A'.repeat(43)}`, grant.secret), basicAuth(tenant.confidential.clientId, tenant.confidential.secret)));
    const wrongClient = await answer(await installation.token(form(grant.key, grant.secret), appClient));
    const otherEnvironment = await answer(await installation.token(form(grant.key, grant.secret), basicAuth(other.confidential.clientId, other.confidential.secret)));
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    for (const refusal of [unknownKey, wrongClient, otherEnvironment]) expect(refusal).toEqual(wrongSecret);
  });

  it('answers an unknown key and a wrong secret alike, after the same work', async () => {
    const grant = await createGrant(tenant.confidential.clientId, false);
    const auth = basicAuth(tenant.confidential.clientId, tenant.confidential.secret);
    // Counting the work rather than timing it: both refusals are one indexed lookup and one HMAC
    // of the presented secret (an argon2 verification or a skipped HMAC on one path would tell
    // the paths apart by time).
    const hmacs = jest.spyOn(installation.gateway.get(SecretHasher), 'verify');
    const refusal = async (username: string) => {
      hmacs.mockClear();
      const response = await installation.token({ grant_type: 'password', username, password: 'not the secret' }, auth);
      return { status: response.status, body: await response.json(), hmacs: hmacs.mock.calls.map(([secret]) => secret) };
    };
    try {
      const wrong = await refusal(grant.key);
      const unknown = await refusal(`ag_${'B'.repeat(43)}`);
      expect(wrong).toEqual(unknown);
      expect(wrong.status).toBe(400);
      expect(wrong.hmacs.filter((secret) => secret === 'not the secret')).toHaveLength(1);
    } finally {
      hmacs.mockRestore();
    }
  });

  it('refuses a grant whose principal is disabled, and puts grant logins under the sign-in rate limit', async () => {
    const grant = await createGrant(tenant.confidential.clientId, false);
    await installation.api('PATCH', `/v1/users/${tenant.uid}`, { disabled: true });
    expect(await answer(await installation.grantLogin(tenant.confidential, grant.key, grant.secret))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    await installation.api('PATCH', `/v1/users/${tenant.uid}`, { disabled: false });
    expect((await installation.grantLogin(tenant.confidential, grant.key, grant.secret)).status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await installation.grantLogin(tenant.confidential, grant.key, 'not the secret')).status);
    expect(statuses).toContain(429);
  });
});
