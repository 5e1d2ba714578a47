import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicAuth, postForm } from '../../support/requests';
import { freePort, ServerProcess } from '../../support/server-process';

/** The admin API on the embedded database (PGlite), as `npm start` runs it: a smoke run end to end. */
describe('admin API on the embedded database', () => {
  let server: ServerProcess | undefined;

  afterAll(async () => {
    server?.kill();
    await server?.exited;
  });

  it('takes a bootstrap admin from a management token to a working environment client', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    server = ServerProcess.start('server', {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rapidauth-admin-pglite-')),
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_USERNAME: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'owner password ok',
    });
    const admin = `http://127.0.0.1:${adminPort}`;
    const gateway = `http://127.0.0.1:${port}`;
    await server.waitFor(`${admin}/health`);
    await server.waitFor(`${gateway}/health`);

    const { access_token: token } = (await (await postForm(`${admin}/management/token`, { grant_type: 'password', username: 'owner', password: 'owner password ok' })).json()) as {
      access_token: string;
    };
    const call = async (path: string, body: unknown) =>
      (await (await fetch(`${admin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, string>;
    const organization = await call('/v1/organizations', { name: 'embedded' });
    const app = await call(`/v1/organizations/${organization.id}/apps`, { name: 'demo' });
    const environment = await call(`/v1/apps/${app.id}/environments`, { name: 'dev' });
    expect(environment.appKey).toEqual(expect.any(String));

    const issued = await postForm(`${gateway}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(environment.appKey, environment.appSecret));
    expect(issued.status).toBe(200);
    // A rotation through the admin API reaches the gateway (same process, separate apps) at once.
    const rotated = await call(`/v1/environments/${environment.id}/rotate-secret`, {});
    expect((await postForm(`${gateway}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(environment.appKey, environment.appSecret))).status).toBe(401);
    expect((await postForm(`${gateway}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(environment.appKey, rotated.appSecret))).status).toBe(200);
    expect(await server.stop()).toBe(0);
  }, 90_000);
});
