import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { startCustomAdaptor, type CustomAdaptor } from '../../support/custom-adaptor';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { basicAuth, postForm } from '../../support/requests';
import { ACME_MOBILE, createTenant } from '../../support/tenant';
import { within } from '../../support/two-instances';

const REDIRECT = ACME_MOBILE.redirectUris[0];

/**
 * Single sign-on across apps: a token issued through an organization-scoped service is accepted
 * by introspection and userinfo in another environment of the organization that enables the
 * service; a token of an environment-scoped service is not; disabling the shared service in the
 * second environment ends its acceptance there, on every instance.
 */
describe('oauth e2e: sso across the apps of an organization', () => {
  const secrets = installationSecrets();
  let adaptor: CustomAdaptor;
  let testbed: AdminTestbed;
  let second: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let other: { environment: { id: string; appKey: string }; appSecret: string; localService: { id: string } };
  let sharedService: string;
  let ownService: string;

  const createService = async (name: string, scope: Record<string, string>) => {
    const created = await testbed.api('POST', '/v1/auth-services', {
      name,
      type: 'custom',
      scope,
      config: { redirectUris: [REDIRECT], allowedAttributes: [], providerUri: adaptor.url, sharedSecret: adaptor.sharedSecret, timeoutMs: 2000 },
    });
    expect(created).toMatchObject({ status: 201, body: { loginAvailable: true } });
    return created.body.id as string;
  };
  const enable = async (environmentId: string, services: string[], defaultService: string) =>
    expect(await testbed.api('PUT', `/v1/environments/${environmentId}/identity`, { enabledServices: services, defaultService })).toMatchObject({
      status: 200,
    });
  /** Signs rita in through `service` with the first environment's own client: her access token. */
  const signIn = async (service: string): Promise<string> => {
    const response = await postForm(
      `${testbed.gateway.url}/oauth/token`,
      { grant_type: 'password', username: 'rita', password: 'rita password 123', scope: 'openid profile' },
      basicAuth(`${tenant.environment.appKey}.${service}`, tenant.appSecret),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  /** Introspection by the second environment's own (confidential) client. */
  const introspectInOther = async (token: string, gatewayUrl = testbed.gateway.url) => {
    const response = await postForm(`${gatewayUrl}/oauth/introspect`, { token }, basicAuth(other.environment.appKey, other.appSecret));
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };
  const userinfoInOther = (token: string, gatewayUrl = testbed.gateway.url) =>
    fetch(`${gatewayUrl}/oauth/userinfo?client_id=${encodeURIComponent(other.environment.appKey)}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    adaptor = await startCustomAdaptor();
    adaptor.addUser({ username: 'rita', password: 'rita password 123', id: 'u-rita' });
    testbed = await startAdminTestbed({ env: secrets });
    second = await startGateway({ databaseUrl: testbed.scratch.url, secrets, publicUrl: testbed.gateway.url });
    tenant = await createTenant(testbed.gateway.provisioner);
    const app = await testbed.gateway.provisioner.createApp({ organizationId: tenant.organization.id, name: 'field-service' });
    other = await testbed.gateway.provisioner.createEnvironment({ appId: app.id, name: 'production' });
    sharedService = await createService('Organization users', { organizationId: tenant.organization.id });
    ownService = await createService('Expense app users', { environmentId: tenant.environment.id });
    await enable(tenant.environment.id, [tenant.localService.id, sharedService, ownService], sharedService);
    await enable(other.environment.id, [other.localService.id, sharedService], other.localService.id);
  });
  afterAll(async () => {
    await second?.stop();
    await testbed?.stop();
    await adaptor?.stop();
  });

  it('accepts a token of the shared organization-scoped service in the other environment', async () => {
    const token = await signIn(sharedService);
    expect(await introspectInOther(token)).toMatchObject({ active: true, svc: sharedService, env: tenant.environment.id });
    const userinfo = await userinfoInOther(token);
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toHaveProperty('sub');
  });

  it('keeps a token of an environment-scoped service in its own environment', async () => {
    const token = await signIn(ownService);
    expect(await introspectInOther(token)).toEqual({ active: false });
    const userinfo = await userinfoInOther(token);
    expect(userinfo.status).toBe(401);
    expect(await userinfo.json()).toMatchObject({ error: 'invalid_token' });
    const ownIntrospection = await postForm(`${testbed.gateway.url}/oauth/introspect`, { token }, basicAuth(tenant.environment.appKey, tenant.appSecret));
    expect(await ownIntrospection.json()).toMatchObject({ active: true, svc: ownService });
  });

  it('refuses the shared token in the other environment once it disables the service, on both instances', async () => {
    const token = await signIn(sharedService);
    expect(await introspectInOther(token, second.url)).toMatchObject({ active: true });
    await enable(other.environment.id, [other.localService.id], other.localService.id);

    expect(await introspectInOther(token)).toEqual({ active: false });
    expect((await userinfoInOther(token)).status).toBe(401);
    expect(await within(10_000, async () => (await introspectInOther(token, second.url)).active === false)).toBe(true);
    expect((await userinfoInOther(token, second.url)).status).toBe(401);
    const ownIntrospection = await postForm(`${testbed.gateway.url}/oauth/introspect`, { token }, basicAuth(tenant.environment.appKey, tenant.appSecret));
    expect(await ownIntrospection.json()).toMatchObject({ active: true });
  });
});
