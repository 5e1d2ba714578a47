import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Entry points of the built apps, as `npm start` / `start:gateway` / `start:admin` / `demo` run them. */
export const ENTRY = {
  server: 'dist/apps/server/src/main.js',
  gateway: 'dist/apps/auth-gateway/src/main.js',
  admin: 'dist/apps/admin-api/src/main.js',
  demo: 'dist/apps/server/src/demo.js',
} as const;

/**
 * A free TCP port on loopback, never one handed out before in this test run: Jest's workers run
 * suites side by side, and a port a suite let go of while restarting its server (a directory
 * outage, an instance restart) could otherwise be handed to another suite's server in between.
 * Ports are reserved as files in the run's TEST_SCRATCH_DIR (scripts/test-servers.sh).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unusedPort();
    if (reserve(port)) return port;
  }
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function reserve(port: number): boolean {
  const scratch = process.env.TEST_SCRATCH_DIR;
  if (!scratch) return true;
  const reserved = join(scratch, 'ports');
  mkdirSync(reserved, { recursive: true });
  try {
    closeSync(openSync(join(reserved, String(port)), 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** A RapidAuth process started from the build, with its output captured. */
export class ServerProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk) => (this.stdout += chunk));
    child.stderr?.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(entry: keyof typeof ENTRY, env: NodeJS.ProcessEnv): ServerProcess {
    const script = join(ROOT, ENTRY[entry]);
    if (!existsSync(script)) throw new Error(`${ENTRY[entry]} is missing: run \`npm run build\` first (npm test does)`);
    // Only what the test passes plus PATH: the developer's own variables must not leak in.
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServerProcess(child);
  }

  /** Polls until `url` answers `status` or the process exits; fails after `timeoutMs`. */
  async waitFor(url: string, status = 200, timeoutMs = 60_000): Promise<Response> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      try {
        const response = await fetch(url);
        if (response.status === status) return response;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${url} did not answer ${status} (exited: ${exited})\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
  }

  /** Sends SIGTERM and resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** Last resort in afterAll/afterEach. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
