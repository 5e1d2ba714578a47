import { createScratchDatabase, type ScratchDatabase } from '@rapidauth/testing';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { createTenant } from '../../support/tenant';

/** Two gateway instances behind one issuer, sharing one PostgreSQL (scale-out). */
describe('two instances on one PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let first: GatewayInstance;
  let second: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const call = (instance: GatewayInstance, path: string, form: Record<string, string>) =>
    fetch(`${instance.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${tenant.environment.appKey}:${tenant.appSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams(form),
    });
  const issue = async (instance: GatewayInstance) =>
    ((await (await call(instance, '/oauth/token', { grant_type: 'client_credentials' })).json()) as { access_token: string }).access_token;
  const active = async (instance: GatewayInstance, token: string) =>
    ((await (await call(instance, '/oauth/introspect', { token })).json()) as { active: boolean }).active;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const secrets = installationSecrets();
    first = await startGateway({ databaseUrl: scratch.url, secrets });
    second = await startGateway({ databaseUrl: scratch.url, secrets, publicUrl: first.url });
    tenant = await createTenant(first.provisioner);
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await scratch?.drop();
  });

  it('publishes the same keys and accepts each other\'s tokens', async () => {
    const jwks = async (instance: GatewayInstance) => (await fetch(`${instance.url}/.well-known/jwks.json`)).json();
    expect(await jwks(second)).toEqual(await jwks(first));
    expect(await active(second, await issue(first))).toBe(true);
    expect(await active(first, await issue(second))).toBe(true);
  });

  it('revokes on one instance and the other refuses the token within 1 s', async () => {
    const token = await issue(first);
    expect(await active(second, token)).toBe(true);
    expect((await call(second, '/oauth/revoke', { token })).status).toBe(200);
    expect(await active(second, token)).toBe(false);

    const deadline = Date.now() + 1000;
    let seenRevoked = false;
    while (Date.now() < deadline && !seenRevoked) {
      seenRevoked = !(await active(first, token));
      if (!seenRevoked) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seenRevoked).toBe(true);
  });

  it('writes one revocation row per revocation, none per issued token', async () => {
    const count = async () => Number((await first.running.runtime.database.dataSource.query('SELECT count(*) AS n FROM revocation_entry'))[0].n);
    const before = await count();
    for (let i = 0; i < 20; i++) await issue(i % 2 ? first : second);
    expect(await count()).toBe(before);
  });
});
