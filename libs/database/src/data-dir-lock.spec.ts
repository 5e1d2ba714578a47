import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, LOCK_FILE } from './data-dir-lock';
import { DataDirLockedError } from './database.errors';

const dataDir = () => mkdtempSync(join(tmpdir(), 'rapidauth-lock-'));

describe('DataDirLock', () => {
  it('refuses a second holder while the first is alive, with a message naming the owner', () => {
    const dir = dataDir();
    const lock = DataDirLock.acquire(dir);
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    expect(() => DataDirLock.acquire(dir)).toThrow(new RegExp(`in use by process ${process.pid}`));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    DataDirLock.acquire(dir).release();
  });

  it('takes over a lock whose process is gone', () => {
    const dir = dataDir();
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(exited.stdout.toString());
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), startedAt: 'earlier' }));
    const lock = DataDirLock.acquire(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose PID now belongs to another process', () => {
    const dir = dataDir();
    // Our own PID, but a different start time: the PID was reused after the owner died.
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: 'earlier', processStart: '1' }),
    );
    DataDirLock.acquire(dir).release();
  });

  it('respects a lock held from another host (it cannot be checked)', () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere.example', startedAt: 'earlier' }));
    expect(() => DataDirLock.acquire(dir)).toThrow(/on elsewhere\.example/);
  });

  it('treats an unreadable lock file as stale', () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    DataDirLock.acquire(dir).release();
  });
});
