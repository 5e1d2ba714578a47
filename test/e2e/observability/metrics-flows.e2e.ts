import { LocalIdentities } from '@rapidauth/identity';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { sampleSum } from '../../support/metrics-exposition';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { basicAuth, postForm } from '../../support/requests';
import { createNativeApp, createTenant, PASSWORD_APP } from '../../support/tenant';

const TOKEN_RATE_LIMIT = 5;
const AUTHORIZE_RATE_LIMIT = 2;

/**
 * The counters a user's tokens move (docs/operations.md, "Metrics"): the refresh and ID tokens a
 * password grant issues, revocations by what they name (a refresh token's family, an access
 * token's jti, at /oauth/revoke and /oauth/logout), and the 429s of the token and authorization
 * rate limits. Limits lowered so the test stays short; each instance counts its own without Redis.
 */
describe('metrics of token flows, revocations and rate limits', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;

  const scrape = async () => {
    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
  /** How much each of `series` grew while `act` ran. */
  const growth = async (act: () => Promise<void>, series: Array<[string, Record<string, string>]>) => {
    const before = await scrape();
    await act();
    const after = await scrape();
    return series.map(([name, labels]) => sampleSum(after, name, labels) - sampleSum(before, name, labels));
  };
  const signIn = async () => {
    const response = await postForm(`${gateway.url}/oauth/token`, {
      grant_type: 'password',
      client_id: clientId,
      username: 'dana',
      password: 'dana password ok',
      scope: 'openid offline_access',
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { access_token: string; refresh_token: string; id_token: string };
  };
  const revoke = (token: string) => postForm(`${gateway.url}/oauth/revoke`, { token, client_id: clientId });

  beforeAll(async () => {
    gateway = await startScratchGateway({ env: { TOKEN_RATE_LIMIT: String(TOKEN_RATE_LIMIT), AUTHORIZE_RATE_LIMIT: String(AUTHORIZE_RATE_LIMIT) } });
    tenant = await createTenant(gateway.provisioner);
    clientId = (await createNativeApp(gateway.provisioner, tenant.environment.id, PASSWORD_APP)).clientId;
    await gateway.get(LocalIdentities).create(tenant.environment.id, { username: 'dana', password: 'dana password ok' });
  });

  afterAll(() => gateway?.stop());

  it('counts the refresh and ID tokens a grant issues, beside its access token', async () => {
    let tokens: Awaited<ReturnType<typeof signIn>> | undefined;
    const grew = await growth(
      async () => {
        tokens = await signIn();
      },
      [
        ['rapidauth_tokens_issued_total', { token_type: 'access' }],
        ['rapidauth_tokens_issued_total', { token_type: 'refresh' }],
        ['rapidauth_tokens_issued_total', { token_type: 'id' }],
      ],
    );
    expect(tokens).toMatchObject({ refresh_token: expect.any(String), id_token: expect.any(String) });
    expect(grew).toEqual([1, 1, 1]);
  });

  it('counts a refresh token revoked at /oauth/revoke as its family', async () => {
    const { refresh_token: refresh } = await signIn();
    const grew = await growth(
      async () => {
        expect((await revoke(refresh)).status).toBe(200);
      },
      [
        ['rapidauth_revocations_total', { kind: 'family' }],
        ['rapidauth_revocations_total', { kind: 'jti' }],
      ],
    );
    expect(grew).toEqual([1, 0]);
  });

  it('counts an access token revoked at /oauth/revoke, and one logged out at /oauth/logout, by its jti', async () => {
    const [first, second] = [await signIn(), await signIn()];
    const grew = await growth(
      async () => {
        expect((await revoke(first.access_token)).status).toBe(200);
        const logout = await fetch(`${gateway.url}/oauth/logout`, { method: 'POST', headers: { authorization: `Bearer ${second.access_token}` } });
        expect(logout.status).toBe(204);
      },
      [
        ['rapidauth_revocations_total', { kind: 'jti' }],
        ['rapidauth_revocations_total', { kind: 'family' }],
      ],
    );
    expect(grew).toEqual([2, 0]);
  });

  it('counts the token requests the token rate limit refuses', async () => {
    const request = () => postForm(`${gateway.url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(tenant.environment.appKey, tenant.appSecret));
    let statuses: number[] = [];
    const [limited] = await growth(async () => {
      // Sent at once, so that a slow machine still fits them in the one-second window.
      statuses = (await Promise.all(Array.from({ length: TOKEN_RATE_LIMIT + 2 }, request))).map((response) => response.status);
    }, [['rapidauth_rate_limited_total', { limit: 'token' }]]);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(limited).toBe(2);
  });

  it('counts the authorization requests the authorization rate limit refuses', async () => {
    const config = await nativeAppConfig(gateway, tenant.environment.id, { name: 'Metrics app', firstParty: true, redirectUris: ['http://127.0.0.1/cb'] });
    let statuses: number[] = [];
    const [limited, token] = await growth(
      async () => {
        for (let i = 0; i < AUTHORIZE_RATE_LIMIT + 2; i++) {
          const { url } = await startAuthorization(config, 'http://127.0.0.1/cb');
          statuses.push((await fetch(url, { redirect: 'manual' })).status);
        }
      },
      [
        ['rapidauth_rate_limited_total', { limit: 'authorize' }],
        ['rapidauth_rate_limited_total', { limit: 'token' }],
      ],
    );
    expect(statuses.slice(0, AUTHORIZE_RATE_LIMIT).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(AUTHORIZE_RATE_LIMIT)).toEqual([429, 429]);
    expect([limited, token]).toEqual([2, 0]);
  });
});
