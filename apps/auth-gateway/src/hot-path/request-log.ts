import type { INestApplicationContext } from '@nestjs/common';
import { REQUEST_LINES, type RequestLines } from '@rapidauth/observability';

/**
 * The request lines of Nest routes, for requests that skip Nest: the very ones the app's
 * LoggerModule writes (libs/observability: one JSON line per request, secrets redacted, the
 * request id). Undefined when LOG_LEVEL logs none.
 */
export function requestLog(app: INestApplicationContext): RequestLines | undefined {
  return app.get<RequestLines | undefined>(REQUEST_LINES);
}
