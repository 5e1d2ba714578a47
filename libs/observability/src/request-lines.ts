import type { IncomingMessage, ServerResponse } from 'node:http';
import { symbols, type DestinationStream, type Logger } from 'pino';
import { acceptedRequestId, requestIdGenerator } from './request-id';
import type { LoggedRequest } from './root-logger';
import { redactUrl } from './redaction';

/** One app's request lines: each request gets its id (`request.id`, which error answers and their log lines cite) and one line. */
export interface RequestLines {
  /** For Nest's routes: gives the request its id, and logs its line when the response ends. */
  watch(request: IncomingMessage, response: ServerResponse): void;
  /**
   * For a server that knows when it has answered (the gateway's hot path): gives the request its
   * id and returns the time `answered` measures from; no listener on the response.
   */
  begin(request: IncomingMessage): number;
  /** Logs the line of a request `begin` started, once its whole answer has been handed to `response.end`. */
  answered(request: IncomingMessage, response: ServerResponse, startedAt: number): void;
}

/** Request lines are logged at info; above it even the request id would cost CPU for nothing. */
const LEVELS_WITH_REQUEST_LINES = new Set(['info', 'debug', 'trace']);

/**
 * One JSON line per request of one app, in the shape pino-http wrote (`req`, `res`,
 * `responseTime`, "request completed", or "request errored" with `err`); undefined when the level
 * logs none. Kept cheap, as BENCHMARKS.md measures: the app bound once in one child logger, a
 * counter for the request id, and the completed line assembled here, field by field, from the
 * fields the root logger's serializers keep (no headers, the URL redacted) and handed to the
 * root's stream as pino would write it. No request-scoped log context (nestjs-pino's
 * AsyncLocalStorage store): its async hooks would run on every promise of the process, hot path
 * included, once one request had entered it.
 */
export function requestLines(root: Logger, app: string): RequestLines | undefined {
  if (!LEVELS_WITH_REQUEST_LINES.has(root.level)) return undefined;
  const log = root.child({ app });
  const completed = completedLine(root, log);
  const nextRequestId = requestIdGenerator();
  const begin = (request: IncomingMessage) => {
    (request as LoggedRequest).id = acceptedRequestId(request.headers['x-request-id']) ?? nextRequestId();
    return Date.now();
  };
  const end = (request: IncomingMessage, response: ServerResponse, startedAt: number, error?: Error) => {
    const responseTime = Date.now() - startedAt;
    const failure = error ?? (response as { err?: Error }).err ?? (response.statusCode >= 500 ? new Error(`failed with status code ${response.statusCode}`) : undefined);
    if (failure) log.info({ req: request, res: response, err: failure, responseTime }, 'request errored');
    else completed(request as LoggedRequest, response, responseTime);
  };
  return {
    watch(request, response) {
      const startedAt = begin(request);
      if (request.url !== '/health') logWhenDone(request, response, startedAt, end);
    },
    begin,
    answered: (request, response, startedAt) => end(request, response, startedAt),
  };
}

type LineEnd = (request: IncomingMessage, response: ServerResponse, startedAt: number, error?: Error) => void;
type CompletedLine = (request: LoggedRequest, response: ServerResponse, responseTime: number) => void;

/**
 * Writes what `log.info({ req, res, responseTime }, 'request completed')` writes (root-logger.ts's
 * `requestFields` and `responseFields`, in their order), without pino's generic walk: the constant
 * parts written once, absent fields left out, and each field's JSON (escaped, the URL redacted)
 * kept while the next request repeats it, as a busy client's requests do (that halved the line's
 * assembly).
 */
function completedLine(root: Logger, log: Logger): CompletedLine {
  const own = (logger: Logger) => logger as unknown as Record<symbol, unknown>;
  const stream = own(root)[symbols.streamSym] as DestinationStream;
  const time = own(root)[symbols.timeSym] as () => string;
  const start = `{"level":${root.levels.values.info}`;
  const bindings = `${own(log)[symbols.chindingsSym] as string},"req":{"id":`;
  const method = lastField((value: string | undefined) => `,"method":${JSON.stringify(value)}`);
  const url = lastField((value: string) => `,"url":${JSON.stringify(redactUrl(value))}`);
  const agent = lastField((value: string | undefined) => (value === undefined ? '' : `,"userAgent":${JSON.stringify(value)}`));
  const address = lastField((value: string | undefined) => (value === undefined ? '' : `,"remoteAddress":${JSON.stringify(value)}`));
  return (request, response, responseTime) =>
    stream.write(
      `${start}${time()}${bindings}${JSON.stringify(request.id)}${method(request.method)}${url(request.originalUrl ?? request.url ?? '')}${agent(
        request.headers['user-agent'],
      )}${address(request.socket?.remoteAddress)}},"res":{"statusCode":${response.headersSent ? response.statusCode : null}},"responseTime":${responseTime},"msg":"request completed"}\n`,
    );
}

/** `json(value)`, computed again only when the value differs from the last one's. */
function lastField<T>(json: (value: T) => string): (value: T) => string {
  let last: T | undefined;
  let text: string | undefined;
  return (value) => {
    if (text === undefined || value !== last) {
      last = value;
      text = json(value);
    }
    return text;
  };
}

/**
 * Logs the request's line once: when its response has ended or its connection closed first
 * ('close' follows 'finish' in both cases), or when the response fails.
 */
function logWhenDone(request: IncomingMessage, response: ServerResponse, startedAt: number, end: LineEnd): void {
  let done = false;
  const once = (error?: Error) => {
    if (done) return;
    done = true;
    end(request, response, startedAt, error);
  };
  response.on('close', () => once());
  response.on('error', once);
}
