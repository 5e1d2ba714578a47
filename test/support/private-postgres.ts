import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL server of one suite's own, for tests that stop and start it (an outage): never the
 * shared TEST_DATABASE_URL server, which other suites use at the same time. Started like
 * scripts/test-servers.sh starts its own: initdb and pg_ctl as the `postgres` user (when running
 * as root) in a fresh 0755 folder, on a free loopback port.
 */
export class PrivatePostgres {
  private running = false;

  private constructor(
    private readonly base: string,
    readonly port: number,
  ) {}

  /** postgres://… of its `postgres` database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<PrivatePostgres> {
    if (!existsSync(join(PG_BIN, 'pg_ctl'))) throw new Error(`PostgreSQL 15 server binaries are missing in ${PG_BIN}: run the tests with \`npm test\`, which installs them`);
    const base = mkdtempSync(join(tmpdir(), 'rapidauth-outage-pg-'));
    chmodSync(base, 0o755);
    if (isRoot()) chownSync(base, ...(await postgresIds()));
    const server = new PrivatePostgres(base, await freePort());
    try {
      await asPostgres('initdb', ['-D', server.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--no-locale']);
      await server.resume();
      return server;
    } catch (error) {
      rmSync(base, { recursive: true, force: true });
      throw error;
    }
  }

  /** Starts the stopped server again (same data, same port) and waits until it accepts connections. */
  async resume(): Promise<void> {
    const options = `-p ${this.port} -k ${this.base} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-l', join(this.base, 'postgres.log'), '-w', '-t', '30', '-o', options, 'start']);
    this.running = true;
  }

  /** Starts it again unless it runs: for a test's `finally`, so that a failure leaves it up for the next. */
  async ensureRunning(): Promise<void> {
    if (!this.running) await this.resume();
  }

  /** `pg_ctl stop -m immediate`: every backend killed at once, no checkpoint (as a crash would). */
  async stopImmediately(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    this.running = false;
  }

  /** Stops it (if running) and deletes its folder. */
  async destroy(): Promise<void> {
    if (this.running) await this.stopImmediately().catch(() => undefined);
    rmSync(this.base, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return join(this.base, 'data');
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

async function postgresIds(): Promise<[number, number]> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return [Number(uid.stdout.trim()), Number(gid.stdout.trim())];
}

/** PostgreSQL refuses to run as root: as root, run its tools as `postgres` (runuser), from `/`. */
async function asPostgres(tool: string, args: string[]): Promise<void> {
  const [command, commandArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), args];
  try {
    await run(command, commandArgs, { cwd: '/' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${tool} ${args.at(-1)} failed: ${stderr || stdout || (error as Error).message}`);
  }
}
