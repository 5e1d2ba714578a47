import { UpstreamIdentities } from '@rapidauth/identity';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';

const PAGE = { redirectUris: ['https://app.example.com/callback'], allowedAttributes: [] };
const CONFIGS = {
  oauth2: {
    ...PAGE,
    providerUri: 'https://as.example.com/token',
    grantType: 'authorization_code',
    grantEndpoint: 'https://as.example.com/authorize',
    clientId: 'rapidauth',
    clientSecret: 'partner secret',
    userIdAttribute: 'sub',
  },
  facebook: { ...PAGE, clientId: '1234567890', clientSecret: 'app secret', userIdAttribute: 'id' },
};

/**
 * The key that names a service's users (`userIdAttribute` of oauth2 and facebook) cannot change
 * once users signed in through it (409 IDENTITIES_EXIST, nothing changed); before that it can.
 * Identities are recorded as a login records them (UpstreamIdentities.signIn).
 */
describe('admin API: userIdAttribute of a service with identities', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const create = async (type: keyof typeof CONFIGS, scope: Record<string, string>) => {
    const created = await testbed.api('POST', '/v1/auth-services', { name: `${type} partner`, type, scope, config: CONFIGS[type] });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const signIn = (serviceId: string) =>
    testbed.gateway.get(UpstreamIdentities).signIn(tenant.environment.id, serviceId, { providerUid: 'user-1', attributes: {} }, []);
  const patch = (serviceId: string, body: Record<string, unknown>) => testbed.api('PATCH', `/v1/auth-services/${serviceId}`, body);

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
  });
  afterAll(() => testbed?.stop());

  it.each(['oauth2', 'facebook'] as const)('%s: changes freely without identities, then refuses with 409 and changes nothing', async (type) => {
    const id = await create(type, { environmentId: tenant.environment.id });
    expect(await patch(id, { config: { userIdAttribute: 'email' } })).toMatchObject({ status: 200, body: { config: { userIdAttribute: 'email' } } });
    await signIn(id);
    const refused = await patch(id, { name: 'renamed', config: { userIdAttribute: 'name', scope: 'email' } });
    expect(refused).toMatchObject({ status: 409, body: { error: 'conflict', code: 'IDENTITIES_EXIST', fields: [{ field: 'config.userIdAttribute' }] } });
    const after = (await testbed.api('GET', `/v1/auth-services/${id}`)).body;
    expect(after).toMatchObject({ name: `${type} partner`, config: { userIdAttribute: 'email' } });
    expect(after.config).not.toHaveProperty('scope');
    // The same value again, or any other key, is no change of the user id.
    expect((await patch(id, { name: 'renamed', config: { userIdAttribute: 'email', scope: 'email' } })).status).toBe(200);
  });

  it('refuses it for an organization-wide service whose users signed in in one of its environments', async () => {
    const id = await create('oauth2', { organizationId: tenant.organization.id });
    await signIn(id);
    expect(await patch(id, { config: { userIdAttribute: 'email' } })).toMatchObject({ status: 409, body: { code: 'IDENTITIES_EXIST' } });
  });
});
