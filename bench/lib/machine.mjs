// What the numbers were measured on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function run(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Call before this process pins itself: `nproc` honours the affinity mask. */
export function describeMachine() {
  let cpuModel = null;
  let memTotalGiB = null;
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? null;
  } catch {
    // not Linux
  }
  try {
    const kb = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    memTotalGiB = kb ? kb / 1024 / 1024 : null;
  } catch {
    // not Linux
  }
  return {
    nproc: Number(run('nproc', [])) || os.availableParallelism(),
    cpuModel: cpuModel ?? os.cpus()[0]?.model ?? 'unknown',
    memTotalGiB: memTotalGiB ?? os.totalmem() / 1024 ** 3,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    date: run('date', ['-u']) ?? new Date().toUTCString(),
    loadAverage: os.loadavg(),
  };
}
