import type { IncomingMessage, ServerResponse } from 'node:http';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { acceptedRequestId, requestIdGenerator } from './request-id';

/**
 * Starts a request's line (written when its response ends), then runs `next` with the request's
 * logger as the one Nest's context logger uses (nestjs-pino's store), so that what is logged while
 * serving carries the request.
 */
export type RequestLines = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** Request lines are logged at info; above it the per-request logger would cost CPU for nothing. */
const LEVELS_WITH_REQUEST_LINES = new Set(['info', 'debug', 'trace']);

/**
 * One JSON line per request (pino-http) of one app; undefined when the level logs none. Kept cheap
 * (BENCHMARKS.md): the app name bound once, the root's reduced serializers applied to the raw
 * request and response (no per-request copy of the headers), a counter for the request id.
 */
export function requestLines(root: Logger, app: string): RequestLines | undefined {
  if (!LEVELS_WITH_REQUEST_LINES.has(root.level)) return undefined;
  const nextRequestId = requestIdGenerator();
  const middleware = pinoHttp({
    logger: root.child({ app }),
    wrapSerializers: false,
    genReqId: (request) => acceptedRequestId(request.headers['x-request-id']) ?? nextRequestId(),
    autoLogging: { ignore: (request) => request.url === '/health' },
  });
  return (request, response, next) =>
    middleware(request, response, () => storage.run(new Store((request as IncomingMessage & { log: Logger }).log), next));
}
