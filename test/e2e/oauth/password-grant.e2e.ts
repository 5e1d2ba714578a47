import { LocalIdentities } from '@rapidauth/identity';
import { basicAuth } from '../../support/requests';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { expectedLoginClaims, loginClaimsSeen } from '../../support/login-claims';
import { createNativeApp, createTenant, PASSWORD_APP } from '../../support/tenant';

/** The password grant for first-party clients, behind lockout. */
describe('password grant', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  let carolAccountId: string;

  const token = (form: Record<string, string>) =>
    fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: clientId, ...form }),
    });

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, PASSWORD_APP)).clientId;
    carolAccountId = (await gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'carol', password: 'carol password ok' })).accountId;
  });

  afterAll(() => gateway?.stop());

  it('issues access, refresh and ID tokens for the right password, with the login claims of a password login', async () => {
    const response = await token({ username: 'carol', password: 'carol password ok', scope: 'openid offline_access' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; id_token?: string; refresh_token?: string };
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'openid offline_access' });
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.id_token).toEqual(expect.any(String));
    const carol = { uid: carolAccountId, provider: 'local', providerUid: 'carol', amr: ['pwd'] };
    const introspector = { clientId: tenant.environment.appKey, secret: tenant.appSecret };
    expect(await loginClaimsSeen(gateway.url, introspector, body)).toEqual(expectedLoginClaims(carol, true));
    // The refresh token is a user token too: its introspection names the login's identity.
    const refreshIntrospection = await fetch(`${gateway.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basicAuth(introspector.clientId, introspector.secret) },
      body: new URLSearchParams({ token: body.refresh_token! }),
    });
    expect(await refreshIntrospection.json()).toMatchObject({ active: true, token_type: 'refresh_token', uid: carolAccountId, provider: 'local', providerUid: 'carol' });
  });

  it('answers invalid_grant with the catalogue code, and locks after 5 failures', async () => {
    const wrong = await token({ username: 'carol', password: 'not carols password' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', code: 'INVALID_CREDENTIALS' });
    const unknown = await token({ username: 'nobody', password: 'not carols password' });
    expect(await unknown.json()).toMatchObject({ error: 'invalid_grant', code: 'INVALID_CREDENTIALS' });
    for (let i = 0; i < 4; i++) await token({ username: 'carol', password: 'not carols password' });
    const locked = await token({ username: 'carol', password: 'carol password ok' });
    expect(await locked.json()).toMatchObject({ error: 'invalid_grant', code: 'IDENTITY_TEMPORARILY_LOCKED' });
  });

  it('is refused to clients that did not enable it', async () => {
    const client = await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'Code-only app', firstParty: true, redirectUris: ['com.acme.other:/cb'] });
    const response = await fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: client.clientId, username: 'carol', password: 'x' }),
    });
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });
});
