import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratedDataDir } from '../../support/migrated-database';
import { ENTRY, freePort } from '../../support/server-process';

const ROOT = join(__dirname, '..', '..', '..');

/** `npm start` with stdout to a file, as a service manager runs it; SIGTERM after `work`. */
async function runToFile(env: NodeJS.ProcessEnv, work: (gateway: string) => Promise<void>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rapidauth-logs-'));
  const [port, adminPort] = [await freePort(), await freePort()];
  const gateway = `http://127.0.0.1:${port}`;
  const file = join(dir, 'stdout.log');
  const fd = openSync(file, 'w');
  const child = spawn(process.execPath, [join(ROOT, ENTRY.server)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', DATA_DIR: await migratedDataDir('rapidauth-logs-data-'), PORT: String(port), ADMIN_PORT: String(adminPort), ...env },
    stdio: ['ignore', fd, 'ignore'],
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${readFileSync(file, 'utf8')}`);
      if ((await fetch(`http://127.0.0.1:${adminPort}/health`).catch(() => undefined))?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await work(gateway);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
  return readFileSync(file, 'utf8');
}

const tokenRequest = (gateway: string, id: string) =>
  fetch(`${gateway}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': id },
    body: 'grant_type=client_credentials',
  });

describe('log output of `npm start`', () => {
  it('writes JSON lines to a file, and the last request lines are there after SIGTERM (buffered writes flushed)', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `flush-check-${i}`);
    const output = await runToFile({ LOG_LEVEL: 'info' }, async (gateway) => {
      for (const id of ids) expect((await tokenRequest(gateway, id)).status).toBe(401);
    });
    const lines = output.trimEnd().split('\n').map((line) => JSON.parse(line));
    const logged = lines.filter((line) => line.req?.url === '/oauth/token').map((line) => line.req.id);
    expect(logged).toEqual(ids);
    expect(lines.at(-1)).toMatchObject({ level: expect.any(Number), time: expect.any(String) });
  }, 120_000);

  it('writes readable lines with LOG_FORMAT=pretty, also to a file', async () => {
    const output = await runToFile({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' }, async (gateway) => {
      await tokenRequest(gateway, 'pretty-1');
    });
    expect(output).not.toMatch(/^\{/m);
    expect(output).toMatch(/gateway listening on 127\.0\.0\.1:\d+/);
    expect(output).toMatch(/\[gateway\] POST \/oauth\/token 401 \d+ms request completed/);
  }, 120_000);
});
