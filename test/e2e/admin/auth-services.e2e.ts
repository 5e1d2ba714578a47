import { AuthServiceEntity } from '@rapidauth/database';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { basicAuth, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const LDAP = {
  redirectUris: ['https://app.example.com/callback'],
  allowedAttributes: ['mail'],
  providerUri: 'ldaps://ldap.example.com',
  baseDn: 'ou=people,dc=example,dc=com',
  bindDn: 'cn=reader,dc=example,dc=com',
  bindPassword: 'reader secret 123',
};

/** Auth services and an environment's identity settings over the admin API, effective at the gateway without a restart. */
describe('admin API: auth services', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let other: Awaited<ReturnType<typeof createTenant>>;

  const api = (method: string, path: string, body?: unknown, bearer?: string) => testbed.api(method, path, body, bearer);
  const createLdap = (config: Record<string, unknown> = LDAP, scope: Record<string, string> = { environmentId: tenant.environment.id }) =>
    api('POST', '/v1/auth-services', { name: 'Corporate LDAP', type: 'ldap', scope, config });
  /** A type users cannot sign in through yet (its redirect and form logins come with the next issue). */
  const createOauth2 = (scope: Record<string, string>) =>
    api('POST', '/v1/auth-services', {
      name: 'Partner OAuth',
      type: 'oauth2',
      scope,
      config: {
        redirectUris: ['https://app.example.com/callback'],
        allowedAttributes: [],
        providerUri: 'https://as.example.com/token',
        grantType: 'authorization_code',
        grantEndpoint: 'https://as.example.com/authorize',
        clientId: 'rapidauth',
        clientSecret: 'partner secret',
        userIdAttribute: 'sub',
      },
    });
  /** A redirect-login type: its authorizations go to the Facebook Login dialog (no network needed to send the browser there). */
  const createFacebook = (scope: Record<string, string>) =>
    api('POST', '/v1/auth-services', {
      name: 'Partner Facebook',
      type: 'facebook',
      scope,
      config: { redirectUris: ['https://app.example.com/callback'], allowedAttributes: [], clientId: '1234567890', userIdAttribute: 'id' },
    });
  const authorize = (clientId: string) =>
    fetch(
      `${testbed.gateway.url}/v3/oauth/auth?${new URLSearchParams({
        client_id: clientId,
        redirect_uri: 'https://app.example.com/callback',
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
  const clientCredentials = () =>
    postForm(`${testbed.gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(tenant.environment.appKey, tenant.appSecret));

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    other = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  it('describes every connector type with its settings, for the console', async () => {
    const { status, body } = await api('GET', '/v1/auth-service-types');
    expect(status).toBe(200);
    const types = body as unknown as Array<{ type: string; fields: Array<{ key: string; required: boolean; secret: boolean; label: string }> }>;
    expect(types.map((descriptor) => descriptor.type).sort()).toEqual(
      ['active-directory', 'custom', 'facebook', 'ldap', 'local', 'oauth2', 'oidc', 'saml-post', 'saml-redirect', 'saml-wrap'].sort(),
    );
    const ldap = types.find((descriptor) => descriptor.type === 'ldap')!;
    expect(ldap.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'providerUri', required: true, secret: false }),
        expect.objectContaining({ key: 'bindPassword', required: false, secret: true }),
        expect.objectContaining({ key: 'redirectUris', required: true }),
      ]),
    );
    expect(ldap.fields.every((field) => field.label.length > 0)).toBe(true);
  });

  it('stores a valid config with its secrets sealed, and never returns them', async () => {
    const { status, body } = await createLdap();
    expect(status).toBe(201);
    expect(body).toMatchObject({
      name: 'Corporate LDAP',
      type: 'ldap',
      scope: { environmentId: tenant.environment.id },
      secretsSet: ['bindPassword'],
      enabled: true,
      loginAvailable: true,
      config: { providerUri: LDAP.providerUri, baseDn: LDAP.baseDn, userSearchFilter: '(uid={username})' },
    });
    expect(JSON.stringify(body)).not.toContain(LDAP.bindPassword);
    const row = await testbed.gateway.running.runtime.database.dataSource.manager.findOneByOrFail(AuthServiceEntity, { id: body.id });
    expect(JSON.stringify(row)).not.toContain(LDAP.bindPassword);
    expect(row.encryptedSecrets).toEqual(expect.any(String));
    expect((await api('GET', `/v1/auth-services/${body.id}`)).body).toEqual(body);
  });

  it('refuses bad configs with every bad field listed, and stores nothing', async () => {
    const before = (await api('GET', `/v1/auth-services?environmentId=${tenant.environment.id}`)).body.total;
    const missing = await createLdap({ redirectUris: ['https://app.example.com/callback'], allowedAttributes: [], bogus: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('INVALID_SERVICE_CONFIG');
    expect(missing.body.fields.map((problem: { field: string }) => problem.field)).toEqual(
      expect.arrayContaining(['config.providerUri', 'config.baseDn', 'config.bogus']),
    );
    expect((await api('POST', '/v1/auth-services', { name: 'x', type: 'kerberos', scope: { environmentId: tenant.environment.id }, config: {} })).status).toBe(400);
    const local = await api('POST', '/v1/auth-services', { name: 'x', type: 'local', scope: { environmentId: tenant.environment.id }, config: { redirectUris: [], allowedAttributes: [] } });
    expect(local.body.fields).toEqual([expect.objectContaining({ field: 'type' })]);
    const bothScopes = await createLdap(LDAP, { environmentId: tenant.environment.id, organizationId: tenant.organization.id });
    expect(bothScopes.body.fields).toEqual([expect.objectContaining({ field: 'scope' })]);
    expect((await api('GET', `/v1/auth-services?environmentId=${tenant.environment.id}`)).body.total).toBe(before);
  });

  it("lists an environment's services with its organization's, and an organization's of every scope", async () => {
    const orgWide = await api('POST', '/v1/auth-services', {
      name: 'Partner OIDC',
      type: 'oidc',
      scope: { organizationId: tenant.organization.id },
      config: {
        redirectUris: ['https://app.example.com/callback'],
        allowedAttributes: [],
        providerUri: 'https://idp.example.com/token',
        grantEndpoint: 'https://idp.example.com/authorize',
        clientId: 'rapidauth',
        clientSecret: 'partner secret',
        issuer: 'https://idp.example.com',
      },
    });
    expect(orgWide.status).toBe(201);
    const byEnvironment = await api('GET', `/v1/auth-services?environmentId=${tenant.environment.id}`);
    expect(byEnvironment.body.rows.map((row: { id: string }) => row.id)).toEqual(expect.arrayContaining([orgWide.body.id, tenant.localService.id]));
    const otherEnvironment = await api('GET', `/v1/auth-services?environmentId=${other.environment.id}`);
    expect(otherEnvironment.body.rows.map((row: { id: string }) => row.id)).not.toContain(orgWide.body.id);
    expect((await api('GET', `/v1/auth-services?organizationId=${tenant.organization.id}`)).body.total).toBeGreaterThanOrEqual(3);
    expect((await api('GET', '/v1/auth-services')).status).toBe(400);
  });

  it('enables services and picks the default, which the authorization then goes to; delete is refused while default', async () => {
    const facebook = (await createFacebook({ environmentId: tenant.environment.id })).body;
    expect(facebook.loginAvailable).toBe(true);
    await api('PATCH', `/v1/auth-services/${tenant.localService.id}`, { config: { redirectUris: ['https://app.example.com/callback'] } });
    const identity = `/v1/environments/${tenant.environment.id}/identity`;
    expect((await api('GET', identity)).body).toEqual({ enabledServices: [tenant.localService.id], defaultService: tenant.localService.id });

    expect((await api('PUT', identity, { enabledServices: [tenant.localService.id], defaultService: facebook.id })).body.fields).toEqual([
      expect.objectContaining({ field: 'defaultService' }),
    ]);
    expect((await api('PUT', identity, { enabledServices: [other.localService.id], defaultService: other.localService.id })).body.fields).toEqual([
      expect.objectContaining({ field: 'enabledServices[0]' }),
    ]);
    const put = await api('PUT', identity, { enabledServices: [tenant.localService.id, facebook.id], defaultService: facebook.id });
    expect(put).toEqual({ status: 200, body: { enabledServices: [tenant.localService.id, facebook.id].sort(), defaultService: facebook.id } });

    const toFacebook = await authorize(tenant.environment.appKey);
    expect(toFacebook.status).toBe(303);
    const dialog = new URL(toFacebook.headers.get('location')!);
    expect(`${dialog.origin}${dialog.pathname}`).toBe('https://www.facebook.com/v19.0/dialog/oauth');
    expect(dialog.searchParams.get('client_id')).toBe('1234567890');
    const password = await postForm(
      `${testbed.gateway.url}/oauth/token`,
      { grant_type: 'password', username: 'someone', password: 'whatever it is' },
      basicAuth(tenant.environment.appKey, tenant.appSecret),
    );
    // Facebook takes no passwords.
    expect(await password.json()).toMatchObject({ error: 'unauthorized_client', code: 'PROVIDER_DISABLED' });
    expect((await authorize(`${tenant.environment.appKey}.${tenant.localService.id}`)).status).toBe(200);

    const refused = await api('DELETE', `/v1/auth-services/${facebook.id}`);
    expect(refused).toMatchObject({ status: 409, body: { code: 'SERVICE_IN_USE' } });
    expect((await api('DELETE', `/v1/auth-services/${tenant.localService.id}`)).status).toBe(400);

    await api('PUT', identity, { enabledServices: [tenant.localService.id, facebook.id], defaultService: tenant.localService.id });
    expect((await authorize(tenant.environment.appKey)).status).toBe(200);
    expect((await api('DELETE', `/v1/auth-services/${facebook.id}`)).status).toBe(204);
    expect((await api('GET', identity)).body.enabledServices).toEqual([tenant.localService.id]);
    expect((await api('GET', `/v1/auth-services/${facebook.id}`)).status).toBe(404);
  });

  it('applies a config change at once, keeps secrets left out of a PATCH, and resets keys set to null', async () => {
    const patched = await api('PATCH', `/v1/auth-services/${tenant.localService.id}`, { config: { tokenTtl: 120 } });
    expect(patched.status).toBe(200);
    expect(((await (await clientCredentials()).json()) as { expires_in: number }).expires_in).toBe(120);
    await api('PATCH', `/v1/auth-services/${tenant.localService.id}`, { config: { tokenTtl: null } });
    expect(((await (await clientCredentials()).json()) as { expires_in: number }).expires_in).toBe(3600);

    const ldap = (await createLdap()).body;
    const renamed = await api('PATCH', `/v1/auth-services/${ldap.id}`, { name: 'Directory', config: { baseDn: 'ou=staff,dc=example,dc=com' } });
    expect(renamed.body).toMatchObject({ name: 'Directory', secretsSet: ['bindPassword'], config: { baseDn: 'ou=staff,dc=example,dc=com' } });
    const invalid = await api('PATCH', `/v1/auth-services/${ldap.id}`, { config: { providerUri: 'http://not-ldap', baseDn: null } });
    expect(invalid.status).toBe(400);
    expect((await api('GET', `/v1/auth-services/${ldap.id}`)).body.config.baseDn).toBe('ou=staff,dc=example,dc=com');
  });

  it('an admin who never knew the secrets cannot point the service at its own host: moving an endpoint needs them again', async () => {
    const ldap = (await createLdap()).body;
    const redirected = await api('PATCH', `/v1/auth-services/${ldap.id}`, { config: { providerUri: 'ldaps://collector.attacker.example' } });
    expect(redirected).toMatchObject({ status: 400, body: { code: 'INVALID_SERVICE_CONFIG', fields: [expect.objectContaining({ field: 'config.bindPassword' })] } });
    const downgraded = await api('PATCH', `/v1/auth-services/${ldap.id}`, { config: { providerUri: 'ldap://ldap.example.com', allowInsecure: true } });
    expect(downgraded).toMatchObject({ status: 400, body: { fields: [expect.objectContaining({ field: 'config.bindPassword' })] } });
    expect((await api('GET', `/v1/auth-services/${ldap.id}`)).body.config).toMatchObject({ providerUri: LDAP.providerUri, allowInsecure: false });

    expect((await api('PATCH', `/v1/auth-services/${ldap.id}`, { config: { providerUri: LDAP.providerUri, baseDn: 'ou=staff,dc=example,dc=com' } })).status).toBe(200);
    const moved = await api('PATCH', `/v1/auth-services/${ldap.id}`, { config: { providerUri: 'ldaps://ldap2.example.com', bindPassword: 'the new reader secret' } });
    expect(moved).toMatchObject({ status: 200, body: { config: { providerUri: 'ldaps://ldap2.example.com' }, secretsSet: ['bindPassword'] } });

    const oauth2 = await api('POST', '/v1/auth-services', {
      name: 'Partner',
      type: 'oauth2',
      scope: { environmentId: tenant.environment.id },
      config: {
        redirectUris: ['https://app.example.com/callback'],
        allowedAttributes: ['mail'],
        providerUri: 'https://partner.example.com/token',
        grantType: 'authorization_code',
        grantEndpoint: 'https://partner.example.com/authorize',
        clientId: 'rapidauth',
        clientSecret: 'partner client secret',
        userIdAttribute: 'sub',
      },
    });
    expect(oauth2.status).toBe(201);
    const grantMoved = await api('PATCH', `/v1/auth-services/${oauth2.body.id}`, { config: { grantEndpoint: 'https://collector.attacker.example/authorize' } });
    expect(grantMoved).toMatchObject({ status: 400, body: { fields: [expect.objectContaining({ field: 'config.clientSecret' })] } });
    expect((await api('GET', `/v1/auth-services/${oauth2.body.id}`)).body.config.grantEndpoint).toBe('https://partner.example.com/authorize');
  });

  it("keeps other organizations' admins out, and lets an operator disable but not reconfigure", async () => {
    const ldap = (await createLdap()).body;
    const outsider = await testbed.token({ grant_type: 'client_credentials', client_id: other.organization.clientId, client_secret: other.organizationSecret });
    expect((await api('GET', `/v1/auth-services/${ldap.id}`, undefined, outsider)).status).toBe(404);
    expect((await api('GET', `/v1/auth-services?environmentId=${tenant.environment.id}`, undefined, outsider)).status).toBe(404);
    expect((await createLdapAs(outsider)).status).toBe(404);

    await api('POST', '/v1/admins', { username: 'olga', password: 'olga has a strong one' });
    const olga = (await api('GET', '/v1/admins?limit=100')).body.rows.find((row: { username: string }) => row.username === 'olga');
    await api('POST', '/v1/authorities', { principal: { type: 'admin', id: olga.id }, role: 'operator', target: { type: 'organization', id: tenant.organization.id } });
    const operator = await testbed.token({ grant_type: 'password', username: 'olga', password: 'olga has a strong one' });
    expect((await api('PATCH', `/v1/auth-services/${ldap.id}`, { name: 'mine' }, operator)).status).toBe(403);
    const disabled = await api('POST', `/v1/auth-services/${ldap.id}/disable`, undefined, operator);
    expect(disabled).toMatchObject({ status: 200, body: { enabled: false } });
    expect((await api('POST', `/v1/auth-services/${ldap.id}/enable`, undefined, operator)).status).toBe(403);
  });

  const createLdapAs = (bearer: string) =>
    api('POST', '/v1/auth-services', { name: 'Corporate LDAP', type: 'ldap', scope: { environmentId: tenant.environment.id }, config: LDAP }, bearer);
});
