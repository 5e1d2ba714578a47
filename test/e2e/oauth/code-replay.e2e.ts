import * as oidc from 'openid-client';
import { LocalIdentities } from '@rapidauth/identity';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { publicClientConfig } from '../../support/oidc-client';
import { isActive, postForm } from '../../support/requests';
import { createNativeApp, createTenant } from '../../support/tenant';

const REDIRECT = 'http://127.0.0.1:8080/callback';
const VICTIM = { username: 'victim', password: 'correct horse battery' };

/** RFC 6749 §4.1.3: a code is bound to its client; another client presenting it changes nothing. */
describe('authorization code replayed by another client', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let victimConfig: oidc.Configuration;
  let attackerClientId: string;

  const publicClient = async (name: string) =>
    (await createNativeApp(gateway.provisioner, tenant.environment.id, { name, firstParty: true, redirectUris: ['http://127.0.0.1/callback'], grantTypes: ['authorization_code', 'refresh_token'] }))
      .clientId;

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    victimConfig = await publicClientConfig(gateway.url, await publicClient('Victim app'));
    attackerClientId = await publicClient('Attacker app');
    await gateway.get(LocalIdentities).create(tenant.environment.id, { ...VICTIM, email: 'victim@example.com' });
  });

  afterAll(() => gateway?.stop());

  it("an attacker client presenting the victim's used code gets invalid_grant and does not end the victim's login", async () => {
    const { started, callback } = await signInThroughLoginPage(gateway.url, victimConfig, REDIRECT, VICTIM);
    const tokens = await exchange(victimConfig, callback.location, started);
    const code = new URL(callback.location).searchParams.get('code')!;

    const replay = await postForm(`${gateway.url}/oauth/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: started.codeVerifier,
      client_id: attackerClientId,
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    expect(await isActive(gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, tokens.access_token)).toBe(true);
    const refreshed = await oidc.refreshTokenGrant(victimConfig, tokens.refresh_token!);
    expect(refreshed.access_token).toEqual(expect.any(String));
  });
});
