import { AccessTokenMinter, CLOCK_SKEW_SECONDS, signJwt, SigningKeys } from '@rapidauth/oauth';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

/**
 * The verifier accepts a token up to CLOCK_SKEW_SECONDS past its `exp`; a revocation must last at
 * least that long, or a revoked token works again for that window.
 */
describe('revocation through the clock skew', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const credentials = () => ({ clientId: tenant.environment.appKey, secret: tenant.appSecret });
  /** A client_credentials token of the environment's own client whose `exp` is `secondsAgo` in the past. */
  const expiredBy = (secondsAgo: number) => {
    const ttlSeconds = 300;
    const { claims } = gateway.get(AccessTokenMinter).mint({
      sub: tenant.environment.appKey,
      clientId: tenant.environment.appKey,
      scope: [],
      ttlSeconds,
      environmentId: tenant.environment.id,
    });
    const shift = -(ttlSeconds + secondsAgo);
    return signJwt({ ...claims, iat: claims.iat + shift, exp: claims.exp + shift }, gateway.get(SigningKeys).signer('ES256'), 'at+jwt');
  };

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
  });

  afterAll(() => gateway?.stop());

  it('a token revoked in the skew window past its exp stays refused (it does not work again until exp + skew)', async () => {
    const token = expiredBy(CLOCK_SKEW_SECONDS / 2);
    expect(await isActive(gateway.url, credentials(), token)).toBe(true);
    const revoked = await postForm(`${gateway.url}/oauth/revoke`, { token }, basicAuth(tenant.environment.appKey, tenant.appSecret));
    expect(revoked.status).toBe(200);
    expect(await isActive(gateway.url, credentials(), token)).toBe(false);
    const [entry] = await gateway.running.runtime.database.dataSource.query(`SELECT "expires_at" FROM "revocation_entry" WHERE "kind" = 'jti'`);
    const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp as number;
    expect(new Date(entry.expires_at).getTime()).toBe((exp + CLOCK_SKEW_SECONDS) * 1000);
  });
});
