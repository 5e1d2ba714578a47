import { ConfigError } from '@rapidauth/config';
import { DatabaseUnavailableError, DataDirLockedError } from '@rapidauth/database';
import { startRapidAuth, type RunningRapidAuth } from './start';
import type { ServedApp } from './served-app';

/**
 * The entry point of every RapidAuth process: starts the given apps, stops them on SIGINT/SIGTERM,
 * and turns a start-up failure into one line per problem on stderr and exit code 1 (no stack dump,
 * no retry loop).
 */
export function runMain(served: readonly ServedApp[], afterStart?: (running: RunningRapidAuth) => Promise<void>): void {
  const fail = (error: unknown) => {
    for (const line of startupFailureLines(error)) process.stderr.write(`RapidAuth cannot start: ${line}\n`);
    process.exit(1);
  };
  const starting = startRapidAuth(served);
  // Registered before start-up finishes: a signal while the second app is still starting must
  // still stop cleanly (the first may already be serving).
  const shutdown = (signal: NodeJS.Signals) => {
    starting
      .then((running) => running.stop())
      .then(
        () => process.exit(0),
        (error) => {
          process.stderr.write(`RapidAuth: error while stopping after ${signal}: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  starting.then(async (running) => {
    try {
      await afterStart?.(running);
    } catch (error) {
      await running.stop().catch(() => undefined);
      fail(error);
    }
  }, fail);
}

export function startupFailureLines(error: unknown): string[] {
  if (error instanceof ConfigError) return error.problems.map((problem) => `invalid configuration: ${problem}`);
  if (error instanceof DatabaseUnavailableError || error instanceof DataDirLockedError) return [error.message];
  const err = error as NodeJS.ErrnoException;
  if (err?.code === 'EADDRINUSE') return [`${err.message}: another process uses this port (set PORT / ADMIN_PORT)`];
  if (err?.code === 'EACCES' && err.syscall === 'listen') return [`${err.message}: not allowed to listen there (ports below 1024 need privileges: set PORT / ADMIN_PORT)`];
  // DATA_DIR (or a file in it) that this user may not write: a volume mounted with another owner.
  if (err?.code === 'EACCES' || err?.code === 'EPERM' || err?.code === 'EROFS') return [`${err.message}: this user (uid ${process.getuid?.() ?? '?'}) may not write there; make DATA_DIR writable for it`];
  // Unexpected: keep the stack, it is a bug report.
  return [err?.stack ?? String(error)];
}
