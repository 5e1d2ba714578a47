import { decodeProtectedHeader } from 'jose';
import { AccessTokenMinter, PUBLISH_LEAD_SECONDS, SigningKeys } from '@rapidauth/oauth';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { isActive } from '../../support/requests';
import { createTenant } from '../../support/tenant';

/** oidcc-server-rotate-keys: a new key is published before it signs; old tokens stay valid. */
describe('oidcc-server-rotate-keys', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const introspect = (token: string) => isActive(gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, token);

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
  });

  afterAll(() => gateway?.stop());

  it('publishes RS256 and ES256 keys with no private parts', async () => {
    const { keys } = (await (await fetch(`${gateway.url}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] };
    expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    for (const key of keys) {
      expect(key).toMatchObject({ use: 'sig', kid: expect.any(String) });
      expect(key.d).toBeUndefined();
    }
  });

  it('publishes the new key at once, signs with it only after the lead time, and keeps old tokens valid', async () => {
    const keys = gateway.get(SigningKeys);
    const minter = gateway.get(AccessTokenMinter);
    const old = keys.signer('ES256').kid;
    const input = { sub: 'svc', clientId: tenant.environment.appKey, scope: [], ttlSeconds: 3600, environmentId: tenant.environment.id };
    const before = minter.mint(input).token;

    const rotated = await keys.rotate('ES256');
    const published = ((await (await fetch(`${gateway.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys;
    expect(published.map((k) => k.kid)).toEqual(expect.arrayContaining([old, rotated.kid]));

    expect(decodeProtectedHeader(minter.mint(input).token).kid).toBe(old);
    const later = new Date(Date.now() + (PUBLISH_LEAD_SECONDS + 1) * 1000);
    expect(decodeProtectedHeader(minter.mint(input, later).token).kid).toBe(rotated.kid);
    expect(await introspect(before)).toBe(true);
  });
});
