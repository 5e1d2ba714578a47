import * as oidc from 'openid-client';
import { LocalIdentities } from '@rapidauth/identity';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { nativeAppConfig } from '../../support/oidc-client';
import { updateServiceConfig } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const CAROL = { username: 'carol', password: 'carol password ok' };

/** The service's refresh policy: reuse grace period, absolute lifetime, refresh disabled. */
describe('refresh token policy of the auth service', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let config: oidc.Configuration;

  const setLocalService = (settings: Record<string, unknown>) => updateServiceConfig(gateway, tenant.localService.id, settings);
  const signIn = async () => {
    const { started, callback } = await signInThroughLoginPage(gateway.url, config, 'http://127.0.0.1:7100/cb', CAROL);
    return exchange(config, callback.location, started);
  };

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    config = await nativeAppConfig(gateway, tenant.environment.id, { name: 'App', firstParty: true, redirectUris: ['http://127.0.0.1/cb'] });
    await gateway.get(LocalIdentities).create(tenant.environment.id, CAROL);
  });

  afterEach(() => setLocalService({ refreshReuseGraceSeconds: 0, refreshTokenTtl: 1_209_600, allowRefreshTokens: true }));

  afterAll(() => gateway?.stop());

  it('within the grace period a reused token gets invalid_grant but the family survives', async () => {
    await setLocalService({ refreshReuseGraceSeconds: 30 });
    const tokens = await signIn();
    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const again = await oidc.refreshTokenGrant(config, rotated.refresh_token!);
    expect(again.access_token).toEqual(expect.any(String));
  });

  it('refresh tokens expire at the absolute TTL from the original login, however often rotated', async () => {
    await setLocalService({ refreshTokenTtl: 2 });
    const tokens = await signIn();
    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await expect(oidc.refreshTokenGrant(config, rotated.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a refresh asking for more than the login holds is refused and spends nothing (RFC 6749 §6)', async () => {
    const { started, callback } = await signInThroughLoginPage(gateway.url, config, 'http://127.0.0.1:7100/cb', CAROL, { scope: 'openid offline_access' });
    const tokens = await exchange(config, callback.location, started);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!, { scope: 'openid offline_access email' })).rejects.toMatchObject({ error: 'invalid_scope' });
    const narrowed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { scope: 'openid' });
    expect(narrowed.scope).toBe('openid');
    const again = await oidc.refreshTokenGrant(config, narrowed.refresh_token!);
    expect(again.scope).toBe('openid offline_access');
  });

  it('issues no refresh token when the service does not allow them', async () => {
    await setLocalService({ allowRefreshTokens: false });
    const tokens = await signIn();
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.access_token).toEqual(expect.any(String));
  });
});
