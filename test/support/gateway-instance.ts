import { randomBytes } from 'node:crypto';
import { SecretHasher } from '@rapidauth/vault';
import { startRapidAuth, type RunningRapidAuth } from '@rapidauth/runtime';
import { TenancyProvisioner } from '@rapidauth/tenancy';
import { adminApiApp } from '../../apps/admin-api/src/admin-api.app';
import { gatewayApp } from '../../apps/auth-gateway/src/gateway.app';
import { freePort } from './server-process';
import { createScratchDatabase } from './test-servers';

/** Secrets shared by every instance of one test installation (as in a real deployment). */
export function installationSecrets(): NodeJS.ProcessEnv {
  return {
    VAULT_MASTER_KEY: `test:${randomBytes(32).toString('base64')}`,
    SECRET_PEPPER: randomBytes(32).toString('base64'),
  };
}

export interface GatewayInstance {
  readonly url: string;
  /** The admin API's URL when started with `withAdmin`. */
  readonly adminUrl: string;
  readonly running: RunningRapidAuth;
  readonly provisioner: TenancyProvisioner;
  get<T>(type: new (...args: never[]) => T): T;
  stop(): Promise<void>;
}

/**
 * Starts the gateway in this process over `databaseUrl`, exactly as `npm run start:gateway` does.
 * Instances of one installation share `secrets` and `publicUrl` (the issuer behind a load balancer).
 */
export async function startGateway(options: {
  databaseUrl: string;
  secrets: NodeJS.ProcessEnv;
  publicUrl?: string;
  env?: NodeJS.ProcessEnv;
  /** Also start the admin API in the same process, as `npm start` does. */
  withAdmin?: boolean;
}): Promise<GatewayInstance> {
  const port = await freePort();
  const adminPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const running = await startRapidAuth(options.withAdmin ? [gatewayApp, adminApiApp] : [gatewayApp], {
    ...options.secrets,
    DATABASE_URL: options.databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    PUBLIC_URL: options.publicUrl ?? url,
    ADMIN_PUBLIC_URL: adminUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const app = running.apps.get('gateway');
  if (!app) throw new Error('gateway did not start');
  const hasher = new SecretHasher(running.runtime.config.secretPepper.reveal());
  return {
    url,
    adminUrl,
    running,
    provisioner: new TenancyProvisioner(running.runtime.database.dataSource, hasher),
    get: (type) => app.get(type),
    stop: () => running.stop(),
  };
}

/** A gateway on a fresh scratch database of its own, with fresh installation secrets; `stop` also drops the database. */
export async function startScratchGateway(options: { env?: NodeJS.ProcessEnv } = {}): Promise<GatewayInstance> {
  const scratch = await createScratchDatabase({ migrated: true });
  const gateway = await startGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), env: options.env }).catch(async (error: unknown) => {
    await scratch.drop();
    throw error;
  });
  return {
    ...gateway,
    stop: async () => {
      await gateway.stop();
      await scratch.drop();
    },
  };
}
