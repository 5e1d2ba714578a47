// CPU time of one request line alone, as `npm start` writes them (LOG_LEVEL=info, JSON lines to a
// file through libs/observability's batches): the Nest route's way (`watch`: listeners on the
// response, the line when it closes) and the hot path's (`begin`/`answered`), against the same loop
// without lines. Process CPU (all threads: the batches' writes run on libuv's pool), rounds
// alternating, medians. Needs `npm run build`.
//
//   node bench/request-line-cost.mjs [DIST]   (DIST: a build's dist directory, default ./dist)
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LINES_PER_ROUND = 100_000;
const ROUNDS = 7;
const dist = resolve(process.argv[2] ?? 'dist');

if (process.env.REQUEST_LINE_COST_CHILD !== '1') {
  // Measured in a child whose stdout is a file, as the server's is under `npm start > file`.
  const dir = mkdtempSync(join(tmpdir(), 'request-lines-'));
  const file = join(dir, 'lines.log');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), dist], {
    stdio: ['ignore', openSync(file, 'w'), 'inherit'],
    env: { ...process.env, REQUEST_LINE_COST_CHILD: '1' },
  });
  child.on('exit', (code) => {
    process.stderr.write(`log file: ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB\n`);
    rmSync(dir, { recursive: true, force: true });
    process.exitCode = code ?? 1;
  });
} else {
  const require = createRequire(join(dist, 'index.js'));
  const { createRootLogger } = require(join(dist, 'libs/observability/src/root-logger.js'));
  const { stdoutLogOutput } = require(join(dist, 'libs/observability/src/log-output.js'));
  const { requestLines } = require(join(dist, 'libs/observability/src/request-lines.js'));
  const output = stdoutLogOutput('json');
  const lines = requestLines(createRootLogger('info', output.stream), 'gateway');
  // Builds before `begin`/`answered` had only the listener form.
  const watch = typeof lines === 'function' ? lines : lines.watch;

  const exchange = () => {
    const request = {
      method: 'POST',
      url: '/oauth/introspect',
      headers: { 'user-agent': 'autocannon/9.0.0', host: '127.0.0.1:3000', 'content-type': 'application/x-www-form-urlencoded' },
      socket: { remoteAddress: '127.0.0.1' },
    };
    const response = Object.assign(new EventEmitter(), { statusCode: 200, headersSent: true });
    return { request, response };
  };
  const ways = {
    none: () => exchange(),
    watch: () => {
      const { request, response } = exchange();
      watch(request, response);
      response.emit('finish');
      response.emit('close');
    },
    ...(lines.answered && {
      answered: () => {
        const { request, response } = exchange();
        lines.answered(request, response, lines.begin(request));
      },
    }),
  };
  const idle = () => new Promise((done) => setImmediate(done));
  /** µs of process CPU per line, the batches' writes awaited. */
  const round = async (way) => {
    const before = process.cpuUsage();
    for (let i = 0; i < LINES_PER_ROUND; i += 1000) {
      for (let j = 0; j < 1000; j++) way();
      await idle();
    }
    await output.flush();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / LINES_PER_ROUND;
  };
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const times = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  for (const name of Object.keys(ways)) await round(ways[name]);
  for (let r = 0; r < ROUNDS; r++) for (const name of Object.keys(ways)) times[name].push(await round(ways[name]));
  const base = median(times.none);
  for (const name of Object.keys(ways)) {
    const cost = median(times[name]) - base;
    process.stderr.write(`${name.padEnd(9)} ${median(times[name]).toFixed(2)} µs per request${name === 'none' ? '' : `, the line ${cost.toFixed(2)} µs`}\n`);
  }
}
