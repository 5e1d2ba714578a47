import { decodeJwt } from 'jose';
import { ROOT, startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';

/** POST /management/token (Usergrid admin user and organization client authentication). */
describe('management tokens', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const post = (base: string, body: unknown, json = true) =>
    fetch(`${base}/management/token`, {
      method: 'POST',
      headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: json ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>),
    });

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  it('issues an admin user a management token on both ports, JSON or form', async () => {
    for (const [base, json] of [[testbed.gateway.url, true], [testbed.gateway.adminUrl, false]] as const) {
      const response = await post(base, { grant_type: 'password', ...ROOT }, json);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { access_token: string; user: Record<string, unknown> };
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, user: { username: ROOT.username, id: expect.any(String) } });
      const claims = decodeJwt(body.access_token);
      expect(claims).toMatchObject({ aud: testbed.gateway.adminUrl, token_use: 'management', sub: body.user.id });
    }
  });

  it('issues an organization client a management token naming its organization', async () => {
    const response = await post(testbed.gateway.url, { grant_type: 'client_credentials', client_id: tenant.organization.clientId, client_secret: tenant.organizationSecret });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string };
    expect(body).toMatchObject({ organization: { id: tenant.organization.id, name: tenant.organization.name } });
    expect(decodeJwt(body.access_token)).toMatchObject({ org: tenant.organization.id, token_use: 'management' });
  });

  it('refuses wrong credentials with the catalogue code, unknown admins alike', async () => {
    const wrong = await post(testbed.gateway.url, { grant_type: 'password', username: ROOT.username, password: 'not the password' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', code: 'INVALID_CREDENTIALS' });
    const unknown = await post(testbed.gateway.url, { grant_type: 'password', username: 'ghost', password: 'not the password' });
    expect(await unknown.json()).toMatchObject({ error: 'invalid_grant', code: 'INVALID_CREDENTIALS' });
    const org = await post(testbed.gateway.url, { grant_type: 'client_credentials', client_id: tenant.organization.clientId, client_secret: 'nope' });
    expect(org.status).toBe(401);
    const grant = await post(testbed.gateway.url, { grant_type: 'authorization_code' });
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('management tokens are refused by userinfo and inactive at introspection', async () => {
    const { access_token } = (await (await post(testbed.gateway.url, { grant_type: 'password', ...ROOT })).json()) as {
      access_token: string;
    };
    const userinfo = await fetch(`${testbed.gateway.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    const introspection = await fetch(`${testbed.gateway.url}/oauth/introspect`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${tenant.organization.clientId}:${tenant.organizationSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: access_token }),
    });
    expect(await introspection.json()).toEqual({ active: false });
  });
});
