import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ServerProcess } from '../../support/server-process';

const secrets = { VAULT_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'), SECRET_PEPPER: 'p'.repeat(40) };

async function failedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; lines: string[]; stdout: string }> {
  const process = ServerProcess.start('server', {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rapidauth-fail-')),
    PORT: String(await freePort()),
    ADMIN_PORT: String(await freePort()),
    ...env,
  });
  const code = await process.exited;
  return { code, lines: process.stderr.trim().split('\n'), stdout: process.stdout };
}

describe('start-up failures: one clear line per problem and a non-zero exit', () => {
  it('names each invalid variable', async () => {
    const { code, lines } = await failedStart({ PORT: 'eighty', LOG_LEVEL: 'chatty', TRUST_PROXY: 'everyone' });
    expect(code).toBe(1);
    expect(lines.sort()).toEqual([
      'RapidAuth cannot start: invalid configuration: LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
      'RapidAuth cannot start: invalid configuration: PORT: must be a port number (1-65535)',
      expect.stringMatching(/^RapidAuth cannot start: invalid configuration: TRUST_PROXY: "everyone" is not an IP address/),
    ]);
  });

  it('refuses DATABASE_URL without the vault key and pepper', async () => {
    const { code, lines } = await failedStart({ DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' });
    expect(code).toBe(1);
    expect(lines.map((l) => l.split(': ')[2]).sort()).toEqual(['SECRET_PEPPER', 'VAULT_MASTER_KEY']);
  });

  it('reports an unreachable database once, without its password, and exits at once', async () => {
    const closedPort = await freePort();
    const startedAt = Date.now();
    const { code, lines } = await failedStart({
      ...secrets,
      DATABASE_URL: `postgres://rapidauth:s3cret-pw@127.0.0.1:${closedPort}/rapidauth`,
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^RapidAuth cannot start: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${closedPort}/rapidauth: .*ECONNREFUSED.* check DATABASE_URL`),
      ),
    ]);
    expect(lines[0]).not.toContain('s3cret-pw');
    expect(Date.now() - startedAt).toBeLessThan(15_000);
  });

  it('says which port is taken', async () => {
    const port = await freePort();
    const holder = ServerProcess.start('gateway', {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rapidauth-port-')),
      PORT: String(port),
    });
    try {
      await holder.waitFor(`http://127.0.0.1:${port}/health`);
      const { code, lines } = await failedStart({ PORT: String(port) });
      expect(code).toBe(1);
      expect(lines.at(-1)).toMatch(/EADDRINUSE.*another process uses this port/);
    } finally {
      await holder.stop();
    }
  }, 90_000);
});
