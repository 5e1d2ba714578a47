import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { replayDockerfile, type Replay, type ReplayedStage } from '../../support/dockerfile-replay';
import { freePort } from '../../support/server-process';

const ROOT = join(__dirname, '..', '..', '..');
const OWNER = { username: 'imageowner', password: 'image owner password' };

/** A process of the runtime stage: started as the image's USER, from its WORKDIR, with its ENV and the test's. */
class StageProcess {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(stage: ReplayedStage, command: readonly string[], env: NodeJS.ProcessEnv) {
    const [file, ...args] = command.map(stage.mapPaths);
    this.child = spawn(file, args, {
      cwd: stage.hostPath(stage.workdir),
      env: { PATH: process.env.PATH, ...stage.hostEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...stage.userIds(),
    });
    this.child.stdout?.on('data', (chunk) => (this.output += chunk));
    this.child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

async function waitForHealth(server: StageProcess, url: string): Promise<void> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (!exited) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the image's CMD exited before ${url} answered:\n${server.output}`);
}

/**
 * The repository's Dockerfile, replayed stage by stage in directories of their own (no container
 * engine here, test/support/dockerfile-replay.ts): the build stage's COPY set must be enough for
 * `npm run build`, and the runtime stage's production dependencies plus the copied dist must start
 * the server and serve the gateway, the admin API and the console (docs/admin-console.md).
 */
describe('Dockerfile, replayed', () => {
  let replay: Replay;
  let build: ReplayedStage;
  let runtime: ReplayedStage;

  beforeAll(async () => {
    replay = await replayDockerfile({ context: ROOT });
    build = replay.stage('build');
    runtime = replay.stages.at(-1) as ReplayedStage;
    // Two `npm ci` (one with the dev dependencies) and `npm run build` on two shared cores.
  }, 600_000);

  afterAll(() => {
    if (replay) rmSync(replay.directory, { recursive: true, force: true });
  });

  it('builds the server and the admin console from the files the build stage copies', () => {
    for (const built of ['dist/apps/server/src/main.js', 'dist/apps/auth-gateway/src/main.js', 'dist/apps/admin-api/src/main.js', 'dist/apps/admin-console/index.html']) {
      expect({ built, present: existsSync(build.hostPath(built)) }).toEqual({ built, present: true });
    }
    expect(readdirSync(build.hostPath('dist/apps/admin-console/assets')).filter((file) => file.endsWith('.js')).length).toBeGreaterThan(0);
  });

  it('leaves the runtime stage its manifests, production dependencies, the build and a data directory, nothing else', () => {
    expect(readdirSync(runtime.hostPath(runtime.workdir)).sort()).toEqual(['data', 'dist', 'node_modules', 'package-lock.json', 'package.json']);
    const modules = runtime.hostPath('node_modules');
    expect(['@nestjs/core', 'express', '@electric-sql/pglite'].filter((name) => !existsSync(join(modules, name)))).toEqual([]);
    expect(['typescript', 'vite', 'jest', '@swc/core', 'playwright-core'].filter((name) => existsSync(join(modules, name)))).toEqual([]);
    expect(readFileSync(runtime.hostPath('dist/apps/admin-console/index.html'), 'utf8')).toBe(readFileSync(build.hostPath('dist/apps/admin-console/index.html'), 'utf8'));
  });

  it("starts the CMD as the image's user: gateway, admin API and console answer, the HEALTHCHECK passes, SIGTERM ends it with 0", async () => {
    const { cmd, healthcheck } = runtime.plan;
    expect(cmd).toEqual(['node', 'dist/apps/server/src/main.js']);
    const [port, adminPort] = [await freePort(), await freePort()];
    const gateway = `http://127.0.0.1:${port}`;
    const admin = `http://127.0.0.1:${adminPort}`;
    const server = new StageProcess(runtime, cmd as string[], {
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: gateway,
      ADMIN_PUBLIC_URL: admin,
      BOOTSTRAP_ADMIN_USERNAME: OWNER.username,
      BOOTSTRAP_ADMIN_PASSWORD: OWNER.password,
    });
    try {
      await waitForHealth(server, `${gateway}/health`);
      await waitForHealth(server, `${admin}/health`);
      expect(runtime.env.NODE_ENV).toBe('production');
      // The embedded database and its secrets, written by the image's user into the directory the image made for it.
      const secrets = join(runtime.hostEnv().DATA_DIR, 'secrets.json');
      expect(statSync(secrets).uid).toBe(runtime.userIds()?.uid ?? process.getuid?.());

      const discovery = await fetch(`${gateway}/.well-known/openid-configuration`);
      expect([discovery.status, discovery.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^application\/json/)]);
      expect(((await discovery.json()) as { issuer: string }).issuer).toBe(gateway);

      const page = await fetch(`${admin}/console/`);
      const html = await page.text();
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(html).toBe(readFileSync(runtime.hostPath('dist/apps/admin-console/index.html'), 'utf8'));
      const script = /<script\b[^>]*\bsrc="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toEqual(expect.any(String));
      const asset = await fetch(`${admin}${script}`);
      expect([asset.status, asset.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
      expect(await asset.text()).toBe(readFileSync(runtime.hostPath(`dist/apps/admin-console/${(script as string).replace(/^\/console\//, '')}`), 'utf8'));

      const token = await fetch(`${admin}/management/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', ...OWNER }),
      });
      const { access_token: accessToken } = (await token.json()) as { access_token?: string };
      expect([token.status, typeof accessToken]).toEqual([200, 'string']);
      const organizations = await fetch(`${admin}/v1/organizations`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(organizations.status).toBe(200);

      // The HEALTHCHECK probes the image's PORT; here that port is the free one the test chose.
      expect(healthcheck?.command.join(' ')).toContain(`127.0.0.1:${runtime.env.PORT}/health`);
      const probe = () => new StageProcess(runtime, (healthcheck?.command ?? []).map((part) => part.replace(`127.0.0.1:${runtime.env.PORT}/`, `127.0.0.1:${port}/`)), {}).exited;
      expect(await probe()).toBe(0);

      expect(await server.stop()).toBe(0);
      expect(await probe()).toBe(1);
    } finally {
      server.kill();
    }
  }, 180_000);
});
