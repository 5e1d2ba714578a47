import { migratedDataDir } from './migrated-database';
import { freePort, ServerProcess } from './server-process';

/**
 * `npm start` from the build on an embedded database of its own (a fresh installation, migrated
 * from the template), with a bootstrap admin: both apps answer /health before it returns.
 */
export async function startBuiltServer(dataDirPrefix: string, bootstrapAdmin: { username: string; password: string }, env: NodeJS.ProcessEnv = {}) {
  const [port, adminPort] = [await freePort(), await freePort()];
  const dataDir = await migratedDataDir(dataDirPrefix);
  const server = ServerProcess.start('server', {
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    LOG_LEVEL: 'warn',
    BOOTSTRAP_ADMIN_USERNAME: bootstrapAdmin.username,
    BOOTSTRAP_ADMIN_PASSWORD: bootstrapAdmin.password,
    ...env,
  });
  const gateway = `http://127.0.0.1:${port}`;
  const admin = `http://127.0.0.1:${adminPort}`;
  await server.waitFor(`${admin}/health`);
  await server.waitFor(`${gateway}/health`);
  return { server, port, adminPort, gateway, admin, dataDir };
}
