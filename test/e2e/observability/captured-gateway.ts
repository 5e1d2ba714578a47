import { startRapidAuth } from '@rapidauth/runtime';
import { TenancyProvisioner } from '@rapidauth/tenancy';
import { SecretHasher } from '@rapidauth/vault';
import { adminApiApp } from '../../../apps/admin-api/src/admin-api.app';
import { gatewayApp } from '../../../apps/auth-gateway/src/gateway.app';
import type { GatewayInstance } from '../../support/gateway-instance';
import { freePort } from '../../support/server-process';

/** The gateway and admin API in this process, as `npm start` runs them, with every log line kept in `lines`. */
export async function startCapturedGateway(options: { databaseUrl: string; secrets: NodeJS.ProcessEnv; env: NodeJS.ProcessEnv }) {
  const lines: string[] = [];
  const [port, adminPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const running = await startRapidAuth(
    [gatewayApp, adminApiApp],
    {
      ...options.secrets,
      DATABASE_URL: options.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      PUBLIC_URL: url,
      ...options.env,
    },
    { logOutput: { stream: { write: (line: string) => lines.push(line) }, flush: async () => undefined } },
  );
  const app = running.apps.get('gateway')!;
  const gateway: GatewayInstance = {
    url,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    running,
    provisioner: new TenancyProvisioner(running.runtime.database.dataSource, new SecretHasher(running.runtime.config.secretPepper.reveal())),
    get: (type) => app.get(type),
    stop: () => running.stop(),
  };
  return { gateway, lines };
}
