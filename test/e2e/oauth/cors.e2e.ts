import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { createTenant } from '../../support/tenant';

/** Browser apps: CORS only for their registered origins, never on the authorization endpoint. */
describe('CORS for browser apps', () => {
  let gateway: GatewayInstance;
  let clientId: string;
  let clientSecret: string;

  beforeAll(async () => {
    gateway = await startScratchGateway();
    const tenant = await createTenant(gateway.provisioner);
    const created = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Browser backend-for-frontend',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      allowedOrigins: ['https://app.example.com'],
    });
    clientId = created.client.clientId;
    clientSecret = created.clientSecret!;
  });

  afterAll(() => gateway?.stop());

  const token = (origin: string) =>
    fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: {
        origin,
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });

  it('answers preflights and serves an allowed origin', async () => {
    const preflight = await fetch(`${gateway.url}/oauth/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const allowed = await token('https://app.example.com');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it('refuses other origins with UNAUTHORIZED_REQUEST_ORIGIN', async () => {
    const refused = await token('https://evil.example.net');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'UNAUTHORIZED_REQUEST_ORIGIN' });
  });

  it('lets any origin read discovery and JWKS, and never adds CORS to the authorization endpoint', async () => {
    const jwks = await fetch(`${gateway.url}/.well-known/jwks.json`, { headers: { origin: 'https://any.example' } });
    expect(jwks.headers.get('access-control-allow-origin')).toBe('*');
    const authorize = await fetch(`${gateway.url}/v3/oauth/auth?client_id=${clientId}`, { headers: { origin: 'https://app.example.com' } });
    expect(authorize.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${gateway.url}/v3/oauth/auth`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
