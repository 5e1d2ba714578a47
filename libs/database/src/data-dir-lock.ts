import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError } from './database.errors';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** Kernel start time of the process (Linux), so a reused PID is not mistaken for the owner. */
  processStart?: string;
}

export const LOCK_FILE = 'rapidauth.lock';

/**
 * PGlite lets a second process open the same data dir and silently loses its writes, so the
 * embedded database is guarded by a lock file holding PID, host and start time. A lock whose
 * process is gone (same host, PID not alive) is stale and taken over.
 */
export class DataDirLock {
  private released = false;

  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, LOCK_FILE);
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      processStart: processStartTime(process.pid),
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, JSON.stringify(owner));
        closeSync(fd);
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readOwner(path);
        if (holder && isAlive(holder)) {
          throw new DataDirLockedError(
            `data directory ${dataDir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.startedAt}); ` +
              'stop it first, or point DATA_DIR elsewhere',
          );
        }
        unlinkSync(path);
      }
    }
    throw new DataDirLockedError(`data directory ${dataDir}: could not take the lock ${path}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return {
      pid: parsed.pid,
      host: parsed.host,
      startedAt: String(parsed.startedAt),
      processStart: typeof parsed.processStart === 'string' ? parsed.processStart : undefined,
    };
  } catch {
    // A half-written or unreadable lock is treated as stale.
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another host cannot be checked: respect it.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartTime(owner.pid);
  return !owner.processStart || !start || owner.processStart === start;
}

/** Field 22 of /proc/PID/stat; undefined where /proc is not available. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
