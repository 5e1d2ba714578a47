import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'custom-adaptor');

export interface AdaptorUser {
  readonly username: string;
  readonly password: string;
  readonly id?: string;
  readonly email?: string;
  readonly attributes?: Record<string, unknown>;
  readonly disabled?: boolean;
}

/** The example adaptor (examples/custom-adaptor) running as a child process over a users file of its own. */
export interface CustomAdaptor {
  readonly url: string;
  readonly sharedSecret: string;
  /** Adds or replaces a user through the example's add-user script. */
  addUser(user: AdaptorUser): void;
  /** The gateway request ids of the logins the adaptor answered so far, from its log lines. */
  loginRequestIds(): string[];
  /** Rewrites stored users in place (e.g. disabling one); the adaptor reads the file on every request. */
  editUsers(edit: (users: Array<Record<string, unknown>>) => Array<Record<string, unknown>>): void;
  stop(): Promise<void>;
}

/** `env` overrides the adaptor's environment (ADAPTOR_MAX_FAILURES, ADAPTOR_LOCK_SECONDS…). */
export async function startCustomAdaptor(options: { sharedSecret?: string; env?: Record<string, string> } = {}): Promise<CustomAdaptor> {
  const sharedSecret = options.sharedSecret ?? `adaptor-secret-${'x'.repeat(32)}`;
  const dir = mkdtempSync(join(tmpdir(), 'custom-adaptor-'));
  const usersFile = join(dir, 'users.json');
  // Only what the adaptor reads plus PATH: the developer's own variables must not leak in.
  const child = spawn(process.execPath, [join(EXAMPLE, 'server.mjs')], {
    env: { PATH: process.env.PATH, ADAPTOR_SHARED_SECRET: sharedSecret, ADAPTOR_PORT: '0', ADAPTOR_USERS_FILE: usersFile, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example adaptor did not start:\n${output}`)), 15_000);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    void exited.then(() => reject(new Error(`the example adaptor exited:\n${output}`)));
  });

  return {
    url,
    sharedSecret,
    addUser({ password, attributes, disabled, ...user }) {
      const args = ['--file', usersFile, ...Object.entries(user).flatMap(([key, value]) => [`--${key}`, String(value)])];
      if (attributes) args.push('--attributes', JSON.stringify(attributes));
      if (disabled) args.push('--disabled');
      const added = spawnSync(process.execPath, [join(EXAMPLE, 'add-user.mjs'), ...args], { input: `${password}\n`, encoding: 'utf8' });
      if (added.status !== 0) throw new Error(`add-user failed: ${added.stderr}`);
    },
    loginRequestIds() {
      return [...output.matchAll(/^custom adaptor: login (\S+) \d+$/gm)].map((line) => line[1]);
    },
    editUsers(edit) {
      writeFileSync(usersFile, JSON.stringify(edit(JSON.parse(readFileSync(usersFile, 'utf8')))));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
