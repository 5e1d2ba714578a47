import type { LogFormat } from '@rapidauth/config';
import pino, { type DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';
import { lineBatches } from './line-batches';

/** Where a process's log lines go, and how to get the buffered ones out before it exits. */
export interface LogOutput {
  readonly stream: DestinationStream;
  /** Resolves once every line written so far has reached the file or pipe. */
  flush(): Promise<void>;
}

/** LOG_FORMAT when set; otherwise readable lines for a person at a terminal, JSON for machines. */
export function chooseLogFormat(configured: LogFormat | undefined, stdoutIsTerminal: boolean): LogFormat {
  return configured ?? (stdoutIsTerminal ? 'pretty' : 'json');
}

const outputs = new Map<LogFormat, LogOutput>();

/** The process's stdout as a log output: one per format and process, shared by all its apps. */
export function stdoutLogOutput(format: LogFormat): LogOutput {
  let output = outputs.get(format);
  if (!output) {
    output = format === 'pretty' ? prettyStdout() : bufferedJsonStdout();
    outputs.set(format, output);
  }
  return output;
}

/** Characters of JSON lines handed to stdout in one write (about 50 request lines). */
const BATCH_LENGTH = 16 * 1024;

/**
 * JSON lines written in 16 KiB batches off the request path (one write per line was a system
 * call per request, and one asynchronous write call costs ~15-25 µs on the benchmark machine:
 * BENCHMARKS.md), and at least every second, so that a quiet server's lines still show up at once
 * for whoever follows the file. sonic-boom writes a batch as soon as it gets one (minLength 1:
 * its `flush` then waits for writes in flight). A clean stop awaits `flush`; any other exit
 * (process.exit after a start-up failure, an uncaught error) writes what is left synchronously.
 */
function bufferedJsonStdout(): LogOutput {
  const batches = lineBatches(pino.destination({ dest: 1, sync: false, minLength: 1 }), BATCH_LENGTH);
  setInterval(() => batches.flush(() => undefined), 1000).unref();
  process.once('exit', () => {
    try {
      batches.flushSync();
    } catch {
      // Nothing buffered, or stdout already closed: nothing left to save.
    }
  });
  return {
    stream: batches,
    flush: () => new Promise((resolve) => batches.flush(resolve)),
  };
}

/** One readable line per entry (request lines as "GET /path 200 3ms"), written at once. */
function prettyStdout(): LogOutput {
  const stream = pinoPretty({
    destination: 1,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime',
    messageFormat: '{if app}[{app}] {end}{if req.method}{req.method} {req.url} {res.statusCode} {responseTime}ms {end}{msg}',
  });
  return { stream, flush: async () => undefined };
}
