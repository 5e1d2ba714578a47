import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { pinoHttp, type Options } from 'pino-http';

/** Starts a request's line (written when its response ends), then runs `next` in its log context. */
export type RequestLog = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

type LoggedRequest = IncomingMessage & { log: Logger; allLogs?: Logger[] };

/**
 * The request lines of Nest routes, for requests that skip Nest: the two middlewares nestjs-pino's
 * LoggerModule installs, built from the very params it got from ours (libs/observability, one
 * JSON line per request, secrets redacted, the request id): pino-http, then the request's logger
 * put in nestjs-pino's request-scoped store, so that what is logged while serving (the error
 * renderer's lines) carries the request as it does in Nest. Undefined when LoggerModule installs
 * them on no route (LOG_LEVEL above info). Params it could not follow here stop the start-up.
 */
export function requestLog(app: INestApplicationContext): RequestLog | undefined {
  const params = app.get<Params>(PARAMS_PROVIDER_TOKEN);
  if (params.forRoutes?.length === 0) return undefined;
  if (params.forRoutes || params.exclude || params.useExisting || params.assignResponse) {
    throw new Error('hot path: the request logger is configured in a way the hot path does not follow (routes, exclude, useExisting, assignResponse)');
  }
  const options = params.pinoHttp;
  const middleware = Array.isArray(options) ? pinoHttp(...options) : pinoHttp(options as Options);
  return (request, response, next) =>
    middleware(request, response, () => {
      // nestjs-pino's bindLoggerMiddleware: the last logger pino-http attached.
      const { log, allLogs } = request as LoggedRequest;
      storage.run(new Store(allLogs?.[allLogs.length - 1] ?? log), next);
    });
}
