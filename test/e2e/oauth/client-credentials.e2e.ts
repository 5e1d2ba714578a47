import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { loginClaimsSeen } from '../../support/login-claims';
import { createBackendJob, createNativeApp, createTenant } from '../../support/tenant';

/** client_credentials, introspection and revocation, driven by openid-client as a real client. */
describe('client_credentials, introspection, revocation (openid-client)', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let other: Awaited<ReturnType<typeof createTenant>>;
  let config: oidc.Configuration;

  const post = (path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
    return fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  };
  const basic = (id: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
  });

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    other = await createTenant(gateway.provisioner);
    config = await oidc.discovery(
      new URL(gateway.url),
      tenant.environment.appKey,
      undefined,
      oidc.ClientSecretBasic(tenant.appSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
  });

  afterAll(() => gateway?.stop());

  it('issues an ES256 at+jwt access token that jose verifies against the published JWKS', async () => {
    const response = await oidc.clientCredentialsGrant(config, { scope: 'orders:read' });
    expect(response).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'orders:read' });
    expect(response.refresh_token).toBeUndefined();
    expect(decodeProtectedHeader(response.access_token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });

    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const { payload } = await jwtVerify(response.access_token, jwks, { issuer: gateway.url, typ: 'at+jwt', audience: gateway.url });
    expect(payload).toMatchObject({
      sub: tenant.environment.appKey,
      client_id: tenant.environment.appKey,
      scope: 'orders:read',
      env: tenant.environment.id,
      svc: tenant.localService.id,
      token_use: 'access',
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.jti).toEqual(expect.any(String));
  });

  it('accepts client_secret_post and registered confidential clients', async () => {
    const viaPost = await post('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: tenant.environment.appKey,
      client_secret: tenant.appSecret,
    });
    expect(viaPost.status).toBe(200);
    expect(viaPost.headers.get('cache-control')).toBe('no-store');

    const { client, clientSecret } = await createBackendJob(gateway.provisioner, tenant.environment.id);
    const registered = await post('/oauth/token', { grant_type: 'client_credentials', client_id: client.clientId, client_secret: clientSecret! });
    expect(registered.status).toBe(200);
    const body = (await registered.json()) as { access_token: string };
    expect(JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString()).sub).toBe(client.clientId);
    // Registered for client_secret_post only: Basic is refused.
    const wrongMethod = await post('/oauth/token', { grant_type: 'client_credentials' }, basic(client.clientId, clientSecret!));
    expect(wrongMethod.status).toBe(401);
  });

  it.each([
    ['a wrong secret', () => [{ grant_type: 'client_credentials' }, basic(tenant.environment.appKey, 'wrong')], 401, 'invalid_client', 'INVALID_CLIENT'],
    ['an unknown client', () => [{ grant_type: 'client_credentials' }, basic('ak_nobody', 'x')], 401, 'invalid_client', 'INVALID_CLIENT'],
    ['no client authentication', () => [{ grant_type: 'client_credentials' }, {}], 401, 'invalid_client', 'INVALID_CLIENT'],
    ['an unsupported grant type', () => [{ grant_type: 'urn:example:magic' }, basic(tenant.environment.appKey, tenant.appSecret)], 400, 'unsupported_grant_type', 'UNSUPPORTED_GRANT_TYPE'],
    ['a missing grant_type', () => [{}, basic(tenant.environment.appKey, tenant.appSecret)], 400, 'invalid_request', 'MISSING_PARAMETER'],
    ['a repeated parameter', () => [{ grant_type: ['client_credentials', 'client_credentials'] }, basic(tenant.environment.appKey, tenant.appSecret)], 400, 'invalid_request', 'DUPLICATE_PARAMETER'],
    ['a scope the environment does not define', () => [{ grant_type: 'client_credentials', scope: 'admin' }, basic(tenant.environment.appKey, tenant.appSecret)], 400, 'invalid_scope', 'INVALID_SCOPE'],
    ['a user scope without a user', () => [{ grant_type: 'client_credentials', scope: 'openid' }, basic(tenant.environment.appKey, tenant.appSecret)], 400, 'invalid_scope', 'INVALID_SCOPE'],
    ['a service the environment does not enable', () => [{ grant_type: 'client_credentials' }, basic(`${tenant.environment.appKey}.${other.localService.id}`, tenant.appSecret)], 400, 'invalid_request', 'PROVIDER_DISABLED'],
    ['an organization client', () => [{ grant_type: 'client_credentials' }, basic(tenant.organization.clientId, tenant.organizationSecret)], 401, 'invalid_client', 'INVALID_CLIENT'],
  ] as const)('refuses %s', async (_case, make, status, error, code) => {
    const [form, headers] = make() as unknown as [Record<string, string | string[]>, Record<string, string>];
    const response = await post('/oauth/token', form, headers);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error, code, error_description: expect.any(String) });
    if (status === 401 && headers.authorization) expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('selects a service with appKey.serviceId', async () => {
    const response = await post('/oauth/token', { grant_type: 'client_credentials' }, basic(`${tenant.environment.appKey}.${tenant.localService.id}`, tenant.appSecret));
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    expect(JSON.parse(Buffer.from(access_token.split('.')[1], 'base64url').toString()).client_id).toBe(`${tenant.environment.appKey}.${tenant.localService.id}`);
  });

  it('refuses public clients and clients not registered for the grant', async () => {
    const { client: publicClient } = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'SPA',
      type: 'public',
      redirectUris: ['https://app.example.com/cb'],
    });
    const publicAttempt = await post('/oauth/token', { grant_type: 'client_credentials', client_id: publicClient.clientId });
    expect(await publicAttempt.json()).toMatchObject({ error: 'unauthorized_client' });
    const { client, clientSecret } = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Web app',
      type: 'confidential',
      redirectUris: ['https://app.example.com/cb'],
    });
    const notRegistered = await post('/oauth/token', { grant_type: 'client_credentials' }, basic(client.clientId, clientSecret!));
    expect(notRegistered.status).toBe(400);
    expect(await notRegistered.json()).toMatchObject({ error: 'unauthorized_client', code: 'UNAUTHORIZED_CLIENT' });
  });

  it('refuses a JSON body on the token endpoint', async () => {
    const response = await fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...basic(tenant.environment.appKey, tenant.appSecret) },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request', code: 'MALFORMED_REQUEST' });
  });

  it('introspects for the owning environment and its organization only', async () => {
    const { access_token } = await oidc.clientCredentialsGrant(config, { scope: 'orders:write' });
    const own = await oidc.tokenIntrospection(config, access_token);
    expect(own).toMatchObject({
      active: true,
      scope: 'orders:write',
      client_id: tenant.environment.appKey,
      sub: tenant.environment.appKey,
      iss: gateway.url,
      aud: gateway.url,
      token_type: 'Bearer',
      token_use: 'access',
      env: tenant.environment.id,
      svc: tenant.localService.id,
    });
    expect(own.uid).toBeUndefined();
    // No login: none of the login claims (docs/gateway.md#login-claims), in the token or its introspection.
    expect(await loginClaimsSeen(gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, { access_token })).toEqual({
      access: { sub: tenant.environment.appKey },
      introspection: { active: true, sub: tenant.environment.appKey },
    });

    const asOrganization = await post('/oauth/introspect', { token: access_token }, basic(tenant.organization.clientId, tenant.organizationSecret));
    expect(await asOrganization.json()).toMatchObject({ active: true, env: tenant.environment.id });
    const otherEnvironment = await post('/oauth/introspect', { token: access_token }, basic(other.environment.appKey, other.appSecret));
    expect(await otherEnvironment.json()).toEqual({ active: false });
    const otherOrganization = await post('/oauth/introspect', { token: access_token }, basic(other.organization.clientId, other.organizationSecret));
    expect(await otherOrganization.json()).toEqual({ active: false });
    expect(await oidc.tokenIntrospection(config, 'not-a-token')).toEqual({ active: false });
  });

  it('refuses introspection by public clients', async () => {
    const client = await createNativeApp(gateway.provisioner, tenant.environment.id, { name: 'Native', redirectUris: ['com.example.app:/cb'] });
    const response = await post('/oauth/introspect', { token: 'x', client_id: client.clientId });
    expect(response.status).toBe(401);
  });

  it('revokes an access token at once (RFC 7009), and answers 200 for tokens it does not know', async () => {
    const { access_token } = await oidc.clientCredentialsGrant(config);
    await oidc.tokenRevocation(config, access_token);
    expect(await oidc.tokenIntrospection(config, access_token)).toEqual({ active: false });
    await oidc.tokenRevocation(config, 'garbage');

    // Another client cannot revoke it.
    const { access_token: second } = await oidc.clientCredentialsGrant(config);
    const foreign = await post('/oauth/revoke', { token: second }, basic(other.environment.appKey, other.appSecret));
    expect(foreign.status).toBe(200);
    expect(await oidc.tokenIntrospection(config, second)).toMatchObject({ active: true });
  });
});
