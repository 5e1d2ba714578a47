import type { IncomingMessage, ServerResponse } from 'node:http';
import { symbols, type DestinationStream, type Logger } from 'pino';
import { acceptedRequestId, requestIdGenerator } from './request-id';
import { requestFields, responseFields, type LoggedRequest } from './root-logger';

/**
 * Gives the request its id (`request.id`, which error answers and their log lines cite) and logs
 * its line when the response ends.
 */
export type RequestLines = (request: IncomingMessage, response: ServerResponse) => void;

/** Request lines are logged at info; above it even the request id would cost CPU for nothing. */
const LEVELS_WITH_REQUEST_LINES = new Set(['info', 'debug', 'trace']);

/**
 * One JSON line per request of one app, in the shape pino-http wrote (`req`, `res`,
 * `responseTime`, "request completed", or "request errored" with `err`); undefined when the level
 * logs none. Kept cheap, as BENCHMARKS.md measures: the app bound once in one child logger, one
 * listener per response, a counter for the request id, and the completed line assembled here from
 * the root's own reduced fields (no headers) and handed to the root's stream as pino would write
 * it. No request-scoped log context (nestjs-pino's AsyncLocalStorage store): its async hooks would
 * run on every promise of the process, hot path included, once one request had entered it.
 */
export function requestLines(root: Logger, app: string): RequestLines | undefined {
  if (!LEVELS_WITH_REQUEST_LINES.has(root.level)) return undefined;
  const log = root.child({ app });
  const line = completedLine(root, log);
  const nextRequestId = requestIdGenerator();
  return (request, response) => {
    const logged = request as LoggedRequest;
    logged.id = acceptedRequestId(request.headers['x-request-id']) ?? nextRequestId();
    if (request.url !== '/health') logWhenDone(log, line, logged, response);
  };
}

type CompletedLine = (request: LoggedRequest, response: ServerResponse, responseTime: number) => void;

/** Writes what `log.info({ req, res, responseTime }, 'request completed')` writes, without pino's generic walk. */
function completedLine(root: Logger, log: Logger): CompletedLine {
  const own = (logger: Logger) => logger as unknown as Record<symbol, unknown>;
  const stream = own(root)[symbols.streamSym] as DestinationStream;
  const time = own(root)[symbols.timeSym] as () => string;
  const start = `{"level":${root.levels.values.info}`;
  const bindings = own(log)[symbols.chindingsSym] as string;
  return (request, response, responseTime) =>
    stream.write(
      `${start}${time()}${bindings},"req":${JSON.stringify(requestFields(request))},"res":${JSON.stringify(responseFields(response))},"responseTime":${responseTime},"msg":"request completed"}\n`,
    );
}

/**
 * Logs the request's line once: when its response has ended or its connection closed first
 * ('close' follows 'finish' in both cases), or when the response fails.
 */
function logWhenDone(log: Logger, completed: CompletedLine, request: LoggedRequest, response: ServerResponse): void {
  const start = Date.now();
  let done = false;
  const end = (error?: Error) => {
    if (done) return;
    done = true;
    const responseTime = Date.now() - start;
    const failure = error ?? (response as { err?: Error }).err ?? (response.statusCode >= 500 ? new Error(`failed with status code ${response.statusCode}`) : undefined);
    if (failure) log.info({ req: request, res: response, err: failure, responseTime }, 'request errored');
    else completed(request, response, responseTime);
  };
  response.on('close', () => end());
  response.on('error', end);
}
