import { LocalIdentities } from '@rapidauth/identity';
import { AccessTokenVerifier, InvalidTokenError } from '@rapidauth/oauth';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createNativeApp, createTenant, PASSWORD_APP } from '../../support/tenant';
import { startTwoInstances, within, type TwoInstances } from '../../support/two-instances';

/**
 * Disabling an auth service revokes its logins' families, but client_credentials tokens belong to
 * no login, and introspection only looked inactive while the service was off (their client could
 * not be resolved). A per-service revocation entry (the token's `svc`) refuses every token issued
 * through the service up to then, on every instance, also once the service is enabled again.
 */
describe('tokens end with their auth service (two instances)', () => {
  let instances: TwoInstances;

  const urls = () => [instances.first.url, instances.second.url];
  const tokenFrom = async (url: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
    const response = await postForm(`${url}/oauth/token`, form, headers);
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token (${response.status}): ${JSON.stringify(body)}`);
    return body.access_token;
  };
  const userinfoStatuses = (token: string) =>
    Promise.all(urls().map(async (url) => (await fetch(`${url}/oauth/userinfo`, { headers: { authorization: `Bearer ${token}` } })).status));
  const introspections = (caller: { clientId: string; secret: string }, token: string) => Promise.all(urls().map((url) => isActive(url, caller, token)));
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));

  beforeAll(async () => {
    instances = await startTwoInstances();
  });

  afterAll(async () => {
    await instances?.stop();
  });

  it("a token issued through a disabled auth service is refused on both instances within 1 s, and does not come back when the service is re-enabled", async () => {
    const tenant = await createTenant(instances.first.provisioner);
    const service = tenant.localService;
    const organizationClient = { clientId: tenant.organization.clientId, secret: tenant.organizationSecret };
    const serviceClient = `${tenant.environment.appKey}.${service.id}`;
    const app = await createNativeApp(instances.first.provisioner, tenant.environment.id, { ...PASSWORD_APP, grantTypes: ['password'] });
    await instances.first.get(LocalIdentities).create(tenant.environment.id, { username: 'carol', password: 'carol password ok' });
    const issueClientToken = (url: string) => tokenFrom(url, { grant_type: 'client_credentials' }, basicAuth(serviceClient, tenant.appSecret));
    const issueUserToken = (url: string) =>
      tokenFrom(url, { grant_type: 'password', client_id: app.clientId, username: 'carol', password: 'carol password ok', scope: 'openid' });

    const clientToken = await issueClientToken(instances.second.url);
    const userToken = await issueUserToken(instances.first.url);
    expect(await introspections(organizationClient, clientToken)).toEqual([true, true]);
    expect(await introspections(organizationClient, userToken)).toEqual([true, true]);
    expect(await userinfoStatuses(userToken)).toEqual([200, 200]);

    expect((await instances.admin('POST', `/v1/auth-services/${service.id}/disable`)).status).toBe(200);
    const refusedEverywhere = async () =>
      (await userinfoStatuses(userToken)).every((status) => status === 401) &&
      (await introspections(organizationClient, clientToken)).every((active) => !active) &&
      (await introspections(organizationClient, userToken)).every((active) => !active);
    expect(await within(1000, refusedEverywhere)).toBe(true);
    // The verifier behind every endpoint (data links too) refuses the token itself, not only its client lookup.
    const verifier = instances.first.get(AccessTokenVerifier);
    for (const token of [clientToken, userToken]) await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);

    expect((await instances.admin('POST', `/v1/auth-services/${service.id}/enable`)).status).toBe(200);
    // `iat` has whole seconds: a token issued in the second of the revocation counts as issued before it.
    await nextSecond();
    const issuesAgain = async () =>
      (await postForm(`${instances.second.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(serviceClient, tenant.appSecret))).status === 200;
    expect(await within(1000, issuesAgain)).toBe(true);
    const freshClientToken = await issueClientToken(instances.second.url);
    const freshUserToken = await issueUserToken(instances.second.url);
    expect(await introspections(organizationClient, freshClientToken)).toEqual([true, true]);
    expect(await introspections(organizationClient, freshUserToken)).toEqual([true, true]);
    expect(await userinfoStatuses(freshUserToken)).toEqual([200, 200]);

    expect(await introspections(organizationClient, clientToken)).toEqual([false, false]);
    expect(await introspections(organizationClient, userToken)).toEqual([false, false]);
    expect(await userinfoStatuses(userToken)).toEqual([401, 401]);
  });
});
