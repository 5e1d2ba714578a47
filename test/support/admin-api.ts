import { ensureBootstrapAdmin } from '@rapidauth/access';
import { installationSecrets, startGateway, type GatewayInstance } from './gateway-instance';
import { migratedDataDir } from './migrated-database';
import { postForm } from './requests';
import { createScratchDatabase, type ScratchDatabase } from './test-servers';

/** An admin API answer: the status and the parsed JSON body (none for 204). */
export interface AdminAnswer {
  readonly status: number;
  readonly body: Record<string, any>;
}

/** The admin API's controllers that need no management token (probes, metrics, the token endpoints themselves). */
export const PUBLIC_ADMIN_CONTROLLERS: readonly string[] = ['HealthController', 'MetricsController', 'ManagementTokenController', 'ManagementRevokeController'];

export const ROOT = { username: 'root', password: 'root password ok' } as const;

/** A management token from the admin API at `adminUrl` for `form` (password or client_credentials); throws when refused. */
export async function managementToken(adminUrl: string, form: Record<string, string>): Promise<string> {
  const response = await postForm(`${adminUrl}/management/token`, form);
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no management token (${response.status}): ${JSON.stringify(body)}`);
  return body.access_token;
}

/** Creates the bootstrap admin (ROOT) in the gateway's database unless it exists, and signs it in: its management token. */
export async function rootToken(gateway: GatewayInstance): Promise<string> {
  await ensureBootstrapAdmin(gateway.running.runtime.database.dataSource, { username: ROOT.username, password: Buffer.from(ROOT.password) });
  return managementToken(gateway.adminUrl, { grant_type: 'password', ...ROOT });
}

/** A scratch database, a gateway with the admin API, and the bootstrap admin's management token. */
export interface AdminTestbed {
  readonly scratch: ScratchDatabase;
  readonly gateway: GatewayInstance;
  /** The bootstrap admin's management token (owner of the platform). */
  readonly root: string;
  /** A management token for `form` (password or client_credentials); throws when refused. */
  token(form: Record<string, string>): Promise<string>;
  /** Calls the admin API as `bearer` (the bootstrap admin by default; `null`: no authorization header). */
  api(method: string, path: string, body?: unknown, bearer?: string | null): Promise<AdminAnswer>;
  stop(): Promise<void>;
}

/** On a scratch PostgreSQL database, or (`embedded`) on PGlite in a fresh DATA_DIR (already migrated: migratedDataDir), as `npm start` runs it. */
export async function startAdminTestbed(options: { env?: NodeJS.ProcessEnv; embedded?: boolean } = {}): Promise<AdminTestbed> {
  const scratch: ScratchDatabase = options.embedded ? { url: '', drop: async () => undefined } : await createScratchDatabase({ migrated: true });
  const env = options.embedded ? { DATA_DIR: await migratedDataDir('rapidauth-admin-'), ...options.env } : options.env;
  const gateway = await startGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), withAdmin: true, env });
  const token = (form: Record<string, string>) => managementToken(gateway.adminUrl, form);
  const root = await rootToken(gateway);
  const api = async (method: string, path: string, body?: unknown, bearer: string | null = root): Promise<AdminAnswer> => {
    const response = await fetch(`${gateway.adminUrl}${path}`, {
      method,
      headers: { ...(bearer !== null && { authorization: `Bearer ${bearer}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  return {
    scratch,
    gateway,
    root,
    token,
    api,
    stop: async () => {
      await gateway.stop();
      await scratch.drop();
    },
  };
}
