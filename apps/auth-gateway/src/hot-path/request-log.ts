import type { INestApplicationContext } from '@nestjs/common';
import { REQUEST_LINES, type RequestLines } from '@rapidauth/observability';

/**
 * The request lines of Nest routes, for requests that skip Nest: the app's own (libs/observability:
 * one JSON line per request, secrets redacted, the request id). Nothing on these two routes logs
 * through Nest's context logger with the request (their errors log the request id themselves), so
 * the request's log context is not entered. Undefined when LOG_LEVEL logs none.
 */
export function requestLog(app: INestApplicationContext): RequestLines['start'] | undefined {
  return app.get<RequestLines | undefined>(REQUEST_LINES)?.start;
}
