// Child processes of the benchmark: pinned start, readiness, CPU and memory readings, and a
// guaranteed stop (every child is registered and killed at exit, also after an error or a signal).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Every child still running; killed by killAllSync() on any exit path. */
const children = new Set();

/** Clock ticks per second of /proc/PID/stat (USER_HZ); 100 on every Linux we run on. */
let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // keep 100
}

/** A free TCP port on 127.0.0.1 (released before returning; a race is possible but harmless here). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node ...args` (or `command ...args`) pinned to `core` with `taskset -c` (taskset execs, so the PID is the child's).
 * Output goes to `logFile`; the returned handle knows whether the process has exited.
 */
export function spawnPinned({ core, nodeArgs, env, logFile, name, cwd = process.cwd(), command = process.execPath }) {
  // The child writes to the file itself, as `npm start > file` does: no pipe, no work on the loader's core.
  const log = openSync(logFile, 'a');
  const child = spawn('taskset', ['-c', String(core), command, ...nodeArgs], {
    cwd,
    env,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const handle = { name, child, pid: child.pid, logFile, exited: null };
  handle.exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      handle.exited = { code, signal };
      children.delete(handle);
      resolve(handle.exited);
    });
    child.once('error', (error) => {
      handle.exited = { code: null, signal: null, error };
      children.delete(handle);
      resolve(handle.exited);
    });
  });
  children.add(handle);
  return handle;
}

/** Waits (at most `timeoutMs`) until GET url answers 200; fails early if the process dies. */
export async function waitForHttp(handle, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (let attempt = 0; attempt < 10_000 && Date.now() < deadline; attempt++) {
    if (handle.exited) throw new Error(`${handle.name} exited during start-up (${describeExit(handle.exited)}); see ${handle.logFile}\n${tail(handle.logFile)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`${handle.name} not ready at ${url} after ${timeoutMs} ms (${lastError?.message}); see ${handle.logFile}\n${tail(handle.logFile)}`);
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process is gone. */
export async function stopChild(handle, graceMs = 10_000) {
  if (!handle || handle.exited) return handle?.exited;
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!handle.exited) handle.child.kill('SIGKILL');
  }, graceMs);
  const exited = await handle.exitPromise;
  clearTimeout(timer);
  return exited;
}

/** Synchronous last resort (process 'exit' handler): SIGKILL whatever is still running. */
export function killAllSync() {
  for (const handle of children) {
    try {
      handle.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

export async function stopAll() {
  await Promise.all([...children].map((handle) => stopChild(handle)));
}

/** VmRSS of a process in MiB, or null when it cannot be read. */
export function rssMiB(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime of one process in seconds (0 if it is gone). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes comm; utime and stime are fields 14 and 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Sum of cpuSeconds over several processes. */
export function cpuSecondsOf(pids) {
  let total = 0;
  for (const pid of pids) total += cpuSeconds(pid);
  return total;
}

/** PIDs whose parent is `ppid` (one level). */
export function childPids(ppid) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) pids.push(Number(entry));
    } catch {
      // vanished meanwhile
    }
  }
  return pids;
}

/**
 * The postmaster listening on `port` on this machine, found through its command line
 * (`postgres -D DIR -p PORT ...`, how scripts/test-servers.sh starts it), or null.
 */
export function findPostmaster(port) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv;
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!/(^|\/)postgres$/.test(argv[0] ?? '')) continue;
    const p = argv.indexOf('-p');
    if (p >= 0 && argv[p + 1] === String(port)) return Number(entry);
  }
  return null;
}

/** The postmaster and its current children (backends, checkpointer, walwriter, ...). */
export function postgresPids(postmaster) {
  return postmaster ? [postmaster, ...childPids(postmaster)] : [];
}

/** `taskset -apc CORE PID` for each PID (all threads); returns the PIDs it could pin. */
export function pinPids(pids, core) {
  const pinned = [];
  for (const pid of pids) {
    try {
      execFileSync('taskset', ['-apc', String(core), String(pid)], { stdio: 'ignore' });
      pinned.push(pid);
    } catch {
      // gone, or not ours to pin
    }
  }
  return pinned;
}

function describeExit(exited) {
  if (exited.error) return exited.error.message;
  return exited.signal ? `signal ${exited.signal}` : `exit code ${exited.code}`;
}

function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Busy seconds (all but idle and iowait) per CPU since boot, from /proc/stat: { 0: s, 1: s, ... }. */
export function busySecondsPerCpu() {
  const busy = {};
  try {
    for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
      const match = /^cpu(\d+)\s+(.*)$/.exec(line);
      if (!match) continue;
      const [user, nice, system, idle, iowait, irq, softirq, steal] = match[2].split(/\s+/).map(Number);
      busy[match[1]] = (user + nice + system + irq + softirq + steal) / ticksPerSecond;
      void idle;
      void iowait;
    }
  } catch {
    // not Linux
  }
  return busy;
}
