import { AdminUserEntity } from '@rapidauth/database';
import { AccessTokenMinter, CLOCK_SKEW_SECONDS, MANAGEMENT_CLIENT_ID, signJwt, SigningKeys } from '@rapidauth/oauth';
import { ROOT } from '../../support/admin-api';
import { postForm } from '../../support/requests';
import { startTwoInstances, within, type TwoInstances } from '../../support/two-instances';

/** POST /management/revoke: the console's sign-out, on the gateway and on ADMIN_PORT. */
describe('management token revocation (two instances)', () => {
  let instances: TwoInstances;

  const adminUrls = () => [instances.first.adminUrl, instances.second.adminUrl];
  const signIn = async (tokenUrl: string) =>
    ((await (await postForm(`${tokenUrl}/management/token`, { grant_type: 'password', ...ROOT })).json()) as { access_token: string }).access_token;
  const revoke = (url: string, authorization?: string) =>
    fetch(`${url}/management/revoke`, { method: 'POST', headers: authorization === undefined ? {} : { authorization } });
  const statusOnAdminApi = (adminUrl: string, token: string) =>
    fetch(`${adminUrl}/v1/organizations`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);
  const refusedEverywhere = async (token: string) =>
    (await Promise.all(adminUrls().map((url) => statusOnAdminApi(url, token)))).every((status) => status === 401);

  beforeAll(async () => {
    instances = await startTwoInstances();
  });

  afterAll(async () => {
    await instances?.stop();
  });

  it.each([
    ['the gateway', () => instances.first.url],
    ['ADMIN_PORT', () => instances.second.adminUrl],
  ])('a management token revoked on %s is refused by the admin API of both instances within 1 s', async (_port, url) => {
    const token = await signIn(instances.second.adminUrl);
    for (const adminUrl of adminUrls()) expect(await statusOnAdminApi(adminUrl, token)).toBe(200);

    const response = await revoke(url(), `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({});
    expect(await within(1000, () => refusedEverywhere(token))).toBe(true);
    expect(await statusOnAdminApi(instances.first.adminUrl, instances.root)).toBe(200);
  });

  it('answers 200 {} for an invalid, an already revoked, a non-management or a missing token, and revokes nothing else', async () => {
    const token = await signIn(instances.first.url);
    await revoke(instances.first.url, `Bearer ${token}`);
    for (const authorization of ['Bearer not-a-token', 'Bearer a.b.c', `Bearer ${token}`, 'Basic Zm9vOmJhcg==', undefined]) {
      for (const url of [instances.first.url, instances.first.adminUrl]) {
        const response = await revoke(url, authorization);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({});
      }
    }
    expect(await statusOnAdminApi(instances.first.adminUrl, instances.root)).toBe(200);
  });

  it('a management token revoked in the clock skew past its exp stays refused', async () => {
    const admin = await instances.first.running.runtime.database.dataSource.manager.findOneByOrFail(AdminUserEntity, { username: ROOT.username });
    const { claims } = instances.first.get(AccessTokenMinter).mint({
      sub: admin.id,
      clientId: MANAGEMENT_CLIENT_ID,
      scope: [],
      ttlSeconds: 3600,
      audience: instances.first.adminUrl,
      tokenUse: 'management',
    });
    const shift = -(3600 + CLOCK_SKEW_SECONDS / 2);
    const token = signJwt({ ...claims, iat: claims.iat + shift, exp: claims.exp + shift }, instances.first.get(SigningKeys).signer('ES256'), 'at+jwt');
    expect(await statusOnAdminApi(instances.first.adminUrl, token)).toBe(200);
    expect((await revoke(instances.first.adminUrl, `Bearer ${token}`)).status).toBe(200);
    expect(await within(1000, () => refusedEverywhere(token))).toBe(true);
  });
});
