// Load generation with autocannon's programmatic API (or bench/lib/flows.mjs for chained
// iterations), from this (core-1-pinned) process.
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { runFlows } from './flows.mjs';
import { busySecondsPerCpu, cpuSeconds, rssMiB } from './proc.mjs';

/**
 * One autocannon run against `target` ({ url, method, path, headers, body }, or { url, requests }
 * for request sequences), or one run of bench/lib/flows.mjs for targets with `iterate`.
 * autocannon takes the path from the URL, so url + path are joined here.
 * Latency percentiles come from our own microsecond histogram of the 2xx responses (autocannon's
 * own histogram has a 1 ms resolution, too coarse for the faster servers).
 */
export async function runLoad(target, { durationSeconds, connections }) {
  if (target.iterate) return runFlows(target, { durationSeconds, connections });
  const { url, path, verify: _verify, ...request } = target;
  const latency = createHistogram();
  const instance = autocannon({
    url: path ? new URL(path, url).href : url,
    connections,
    pipelining: 1,
    duration: durationSeconds,
    timeout: 10,
    ...request,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latency.record(Math.max(1, Math.round(responseTimeMs * 1000)));
  });
  const result = await instance;
  const ms = (p) => (latency.count > 0 ? latency.percentile(p) / 1000 : null);
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: ms(50),
    p99: ms(99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])),
    unit: 'req/s',
  };
}

/**
 * One measured run: req/s, latency, status counts, the server's CPU use (of its core), the load
 * generator's own CPU use (to see whether it was the limit), the CPU of `extraPids` (PostgreSQL),
 * the CPU other processes used on cores 0 and 1, and the server's RSS after the run.
 */
export async function measureRun(target, { pid, extraPids = () => [], durationSeconds, connections }) {
  // extraPids() is asked before and after: PostgreSQL forks backends when the gateway's pool
  // reconnects (pg-pool closes connections idle for 10 s), and those count from their start.
  const extraBefore = new Map(extraPids().map((p) => [p, cpuSeconds(p)]));
  const before = { wall: process.hrtime.bigint(), server: cpuSeconds(pid), self: process.cpuUsage(), cores: busySecondsPerCpu() };
  const run = await runLoad(target, { durationSeconds, connections });
  const wall = Number(process.hrtime.bigint() - before.wall) / 1e9;
  const self = process.cpuUsage(before.self);
  const cores = busySecondsPerCpu();
  run.serverCpu = (cpuSeconds(pid) - before.server) / wall;
  run.loaderCpu = (self.user + self.system) / 1e6 / wall;
  const extraAfter = extraPids();
  run.extraCpu = extraAfter.length || extraBefore.size ? extraAfter.reduce((sum, p) => sum + cpuSeconds(p) - (extraBefore.get(p) ?? 0), 0) / wall : null;
  // CPU used on the two cores by anything but the server (core 0) and loader + PostgreSQL
  // (core 1): other work on the machine that disturbed this run.
  const busy = (core) => (cores[core] !== undefined && before.cores[core] !== undefined ? (cores[core] - before.cores[core]) / wall : null);
  const foreign = (value) => (value === null ? null : Math.max(0, value));
  run.foreignCpu0 = foreign(busy(0) === null ? null : busy(0) - run.serverCpu);
  run.foreignCpu1 = foreign(busy(1) === null ? null : busy(1) - run.loaderCpu - (run.extraCpu ?? 0));
  run.rssMiB = rssMiB(pid);
  return run;
}

export function describeRun(run) {
  return (
    `${run.rps.toFixed(0)} ${run.unit}, p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, non-2xx ${run.non2xx}, errors ${run.errors}, ` +
    `server CPU ${pct(run.serverCpu)}, loader CPU ${pct(run.loaderCpu)}` +
    (run.extraCpu === null ? '' : `, PostgreSQL CPU ${pct(run.extraCpu)}`) +
    `, RSS ${run.rssMiB?.toFixed(0)} MiB, other CPU core0 ${pct(run.foreignCpu0)} core1 ${pct(run.foreignCpu1)}` +
    (run.coreSpeed ? `, core-0 speed ${(run.coreSpeed / 1000).toFixed(1)}k signs/s` : '')
  );
}

/** Warm-up, then `runs` measured runs of one target (used for the profiled gateway). */
export async function measure(target, { pid, extraPids = () => [], warmupSeconds, durationSeconds, runs, connections, log }) {
  if (warmupSeconds > 0) {
    const warm = await runLoad(target, { durationSeconds: warmupSeconds, connections });
    log?.(`    warm-up ${warmupSeconds}s: ${warm.rps.toFixed(0)} ${warm.unit}${warm.non2xx ? `, ${warm.non2xx} non-2xx ${JSON.stringify(warm.statusCodes)}` : ''}`);
  }
  const results = [];
  for (let i = 0; i < runs; i++) {
    const run = await measureRun(target, { pid, extraPids, durationSeconds, connections });
    results.push(run);
    log?.(`    run ${i + 1}/${runs}: ${describeRun(run)}`);
  }
  return summarize(results);
}

/** Median of each metric over the runs (independently); counts are summed. */
export function summarize(runs) {
  const med = (key) => median(runs.map((run) => run[key]).filter((v) => typeof v === 'number'));
  return {
    unit: runs[0]?.unit,
    rps: med('rps'),
    p50: med('p50'),
    p99: med('p99'),
    rssMiB: med('rssMiB'),
    serverCpu: med('serverCpu'),
    loaderCpu: med('loaderCpu'),
    extraCpu: runs.some((run) => run.extraCpu !== null) ? med('extraCpu') : null,
    coreSpeed: med('coreSpeed'),
    foreignCpu0: med('foreignCpu0'),
    foreignCpu1: med('foreignCpu1'),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors + run.timeouts, 0),
    total: runs.reduce((sum, run) => sum + run.total, 0),
    runs,
  };
}

export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function ms(value) {
  if (value === null || value === undefined) return '–';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

export function pct(fraction) {
  return fraction === null || fraction === undefined ? '–' : `${(fraction * 100).toFixed(0)}%`;
}
