import { rootToken } from './admin-api';
import { installationSecrets, startGateway, type GatewayInstance } from './gateway-instance';
import { freePort, ServerProcess } from './server-process';
import { createScratchDatabase, type ScratchDatabase } from './test-servers';

/**
 * Two instances of one installation on one PostgreSQL, as behind a load balancer: the first in
 * this process (gateway and admin API), the second a separate process from the build (both apps
 * too), so nothing passes between them but the database.
 */
export interface TwoInstances {
  readonly first: GatewayInstance;
  readonly second: { readonly url: string; readonly adminUrl: string; readonly process: ServerProcess };
  /** The bootstrap admin's management token. */
  readonly root: string;
  /** Calls the first instance's admin API as the bootstrap admin. */
  admin(method: string, path: string): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTwoInstances(): Promise<TwoInstances> {
  const scratch: ScratchDatabase = await createScratchDatabase({ migrated: true });
  const secrets = installationSecrets();
  const first = await startGateway({ databaseUrl: scratch.url, secrets, withAdmin: true });
  const [port, adminPort] = [await freePort(), await freePort()];
  const second = {
    url: `http://127.0.0.1:${port}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    process: ServerProcess.start('server', {
      ...secrets,
      DATABASE_URL: scratch.url,
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      PUBLIC_URL: first.url,
      ADMIN_PUBLIC_URL: first.adminUrl,
      LOG_LEVEL: 'warn',
    }),
  };
  await second.process.waitFor(`${second.url}/health`);
  await second.process.waitFor(`${second.adminUrl}/health`);
  const root = await rootToken(first);
  return {
    first,
    second,
    root,
    admin: (method, path) => fetch(`${first.adminUrl}${path}`, { method, headers: { authorization: `Bearer ${root}` } }),
    stop: async () => {
      second.process.kill();
      await second.process.exited;
      await first.stop();
      await scratch.drop();
    },
  };
}

/** Polls `condition` every 20 ms until it holds or `ms` have passed; its last answer. */
export async function within(ms: number, condition: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}
