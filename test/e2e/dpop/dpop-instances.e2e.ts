import { randomUUID } from 'node:crypto';
import { LocalIdentities } from '@rapidauth/identity';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { installationSecrets, startGateway, type GatewayInstance } from '../../support/gateway-instance';
import { freePort, ServerProcess } from '../../support/server-process';
import { createNativeApp, createTenant, PASSWORD_APP } from '../../support/tenant';
import { createScratchDatabase, testRedisUrl, type ScratchDatabase } from '../../support/test-servers';

/**
 * A DPoP proof is single use across instances (RFC 9449 §11.1): two gateways on one database, an
 * in-process one and a separate process from the build, share the `jti` table, or Redis.
 */
describe.each([
  ['the database', {}],
  ['Redis', { REDIS_URL: testRedisUrl() }],
] as const)('DPoP replay across two instances sharing %s', (_label, env) => {
  let scratch: ScratchDatabase;
  let first: GatewayInstance;
  let second: ServerProcess;
  let secondUrl: string;
  let clientId: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    const secrets = installationSecrets();
    first = await startGateway({ databaseUrl: scratch.url, secrets, env });
    const port = await freePort();
    secondUrl = `http://127.0.0.1:${port}`;
    second = ServerProcess.start('gateway', { ...secrets, ...env, DATABASE_URL: scratch.url, PORT: String(port), ADMIN_PORT: String(await freePort()), PUBLIC_URL: first.url, LOG_LEVEL: 'warn' });
    await second.waitFor(`${secondUrl}/health`);
    const tenant = await createTenant(first.provisioner);
    clientId = (await createNativeApp(first.provisioner, tenant.environment.id, PASSWORD_APP)).clientId;
    await first.get(LocalIdentities).create(tenant.environment.id, { username: 'erin', password: 'erin password ok' });
  });

  afterAll(async () => {
    second?.kill();
    await second?.exited;
    await first?.stop();
    await scratch?.drop();
  });

  it('accepts a proof on one instance and refuses it on the other', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const proof = await new SignJWT({ htm: 'POST', htu: `${first.url}/oauth/token`, iat: Math.floor(Date.now() / 1000), jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    const token = (url: string) =>
      fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', DPoP: proof },
        body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username: 'erin', password: 'erin password ok' }),
      });
    const accepted = await token(first.url);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ token_type: 'DPoP' });
    const replayed = await token(secondUrl);
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toMatchObject({ error: 'invalid_dpop_proof', code: 'INVALID_DPOP_PROOF' });
  });
});
