import type { IncomingMessage, ServerResponse } from 'node:http';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { acceptedRequestId, requestIdGenerator } from './request-id';

/** The request lines of one app. */
export interface RequestLines {
  /**
   * Gives the request its id (`request.id`, which error answers cite) and logs its line when the
   * response ends: for requests served outside Nest (the gateway's hot path).
   */
  readonly start: (request: IncomingMessage, response: ServerResponse) => void;
  /**
   * Nest's middleware: `start`, then `next` with a logger bound to the request as the one Nest's
   * context logger uses (nestjs-pino's store), so that what a Nest route logs while serving
   * carries the request.
   */
  readonly middleware: (request: IncomingMessage, response: ServerResponse, next: () => void) => void;
}

type LoggedRequest = IncomingMessage & { id?: string; originalUrl?: string };

/** Request lines are logged at info; above it even the request id would cost CPU for nothing. */
const LEVELS_WITH_REQUEST_LINES = new Set(['info', 'debug', 'trace']);

/**
 * One JSON line per request of one app (the shape pino-http writes: `req`, `res`, `responseTime`,
 * "request completed" or "request errored"); undefined when the level logs none. Kept cheap, as
 * BENCHMARKS.md measures: the app name bound once in one child logger, the root's reduced
 * serializers (no headers) applied once, when the line is written, a counter for the request id,
 * and one listener per response.
 */
export function requestLines(root: Logger, app: string): RequestLines | undefined {
  if (!LEVELS_WITH_REQUEST_LINES.has(root.level)) return undefined;
  const log = root.child({ app });
  const nextRequestId = requestIdGenerator();
  const start = (request: IncomingMessage, response: ServerResponse) => {
    const logged = request as LoggedRequest;
    logged.id = acceptedRequestId(request.headers['x-request-id']) ?? nextRequestId();
    if (request.url !== '/health') logWhenDone(log, logged, response);
  };
  return {
    start,
    middleware: (request, response, next) => {
      start(request, response);
      storage.run(new Store(log.child({ req: request })), next);
    },
  };
}

/**
 * Logs the request's line once, when its response has ended or its connection closed first
 * ('close' follows 'finish' in both cases), or when the response fails.
 */
function logWhenDone(log: Logger, request: LoggedRequest, response: ServerResponse): void {
  const start = Date.now();
  let done = false;
  const end = (error?: Error) => {
    if (done) return;
    done = true;
    const responseTime = Date.now() - start;
    const failure = error ?? (response as { err?: Error }).err ?? (response.statusCode >= 500 ? new Error(`failed with status code ${response.statusCode}`) : undefined);
    if (failure) log.info({ req: request, res: response, err: failure, responseTime }, 'request errored');
    else log.info({ req: request, res: response, responseTime }, 'request completed');
  };
  response.on('close', () => end());
  response.on('error', end);
}
