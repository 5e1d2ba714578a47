import { EnvironmentEntity } from '@rapidauth/database';
import { SigningKeys } from '@rapidauth/oauth';
import { TenancyChanges } from '@rapidauth/tenancy';
import { SecretHasher } from '@rapidauth/vault';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { freePort, ServerProcess } from '../../support/server-process';
import { createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';

/**
 * Two gateway instances behind one issuer, sharing one PostgreSQL (scale-out): one in this
 * process, one a separate process started from the build, so nothing can pass between them but
 * the database.
 */
describe('two instances on one PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let first: GatewayInstance;
  let second: ServerProcess;
  let secondUrl: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const credentials = () => ({ clientId: tenant.environment.appKey, secret: tenant.appSecret });
  const issue = async (url: string) =>
    ((await (await postForm(`${url}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(tenant.environment.appKey, tenant.appSecret))).json()) as {
      access_token: string;
    }).access_token;
  const kids = async (url: string) =>
    ((await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid).sort();
  const within = async (ms: number, condition: () => Promise<boolean>) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await condition()) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return condition();
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    const secrets = installationSecrets();
    first = await startGateway({ databaseUrl: scratch.url, secrets });
    const port = await freePort();
    secondUrl = `http://127.0.0.1:${port}`;
    second = ServerProcess.start('gateway', {
      ...secrets,
      DATABASE_URL: scratch.url,
      PORT: String(port),
      ADMIN_PORT: String(await freePort()),
      PUBLIC_URL: first.url,
      LOG_LEVEL: 'warn',
    });
    await second.waitFor(`${secondUrl}/health`);
    tenant = await createTenant(first.provisioner);
  });

  afterAll(async () => {
    second?.kill();
    await second?.exited;
    await first?.stop();
    await scratch?.drop();
  });

  it("publishes the same keys and accepts each other's tokens", async () => {
    expect(await kids(secondUrl)).toEqual(await kids(first.url));
    expect(await isActive(secondUrl, credentials(), await issue(first.url))).toBe(true);
    expect(await isActive(first.url, credentials(), await issue(secondUrl))).toBe(true);
  });

  it('revokes on one instance and the other refuses the token within 1 s', async () => {
    const token = await issue(first.url);
    expect(await isActive(first.url, credentials(), token)).toBe(true);
    expect((await postForm(`${secondUrl}/oauth/revoke`, { token }, basicAuth(tenant.environment.appKey, tenant.appSecret))).status).toBe(200);
    expect(await isActive(secondUrl, credentials(), token)).toBe(false);
    expect(await within(1000, async () => !(await isActive(first.url, credentials(), token)))).toBe(true);
  });

  it('shows a rotated key in the other instance\'s JWKS within 1 s', async () => {
    const { kid } = await first.get(SigningKeys).rotate('ES256');
    expect(await within(1000, async () => (await kids(secondUrl)).includes(kid))).toBe(true);
  });

  it("drops the other instance's cached client within 1 s when a secret is rotated", async () => {
    expect(await issue(secondUrl)).toEqual(expect.any(String));
    const hasher = new SecretHasher(first.running.runtime.config.secretPepper.reveal());
    const rotated = SecretHasher.generate();
    await first.running.runtime.database.dataSource.manager.update(EnvironmentEntity, { id: tenant.environment.id }, { appSecretHash: hasher.hash(rotated) });
    await first.get(TenancyChanges).announce();
    const refused = async () =>
      (await postForm(`${secondUrl}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(tenant.environment.appKey, tenant.appSecret))).status === 401;
    expect(await within(1000, refused)).toBe(true);
    tenant = { ...tenant, appSecret: rotated };
    expect(await issue(secondUrl)).toEqual(expect.any(String));
  });

  it('writes one revocation row per revocation, none per issued token', async () => {
    const count = async () => Number((await first.running.runtime.database.dataSource.query('SELECT count(*) AS n FROM revocation_entry'))[0].n);
    const before = await count();
    for (let i = 0; i < 20; i++) await issue(i % 2 ? first.url : secondUrl);
    expect(await count()).toBe(before);
  });
});
