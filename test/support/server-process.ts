import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
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
