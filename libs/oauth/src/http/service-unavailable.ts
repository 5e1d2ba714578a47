import { Logger } from '@nestjs/common';
import { isDatabaseUnavailable } from '@rapidauth/database';
import { ServiceUnavailableError } from '../errors';

const logger = new Logger('DatabaseUnavailable');

/**
 * The 503 to answer when `exception` means the database cannot be reached (isDatabaseUnavailable
 * decides); undefined for any other error. Logged at warn with the driver's reason only: a
 * TypeORM error also carries the statement's parameters (hashes), which must not reach the log.
 */
export function asServiceUnavailable(exception: unknown, request: { id?: unknown; path: string }): ServiceUnavailableError | undefined {
  if (exception instanceof ServiceUnavailableError) return exception;
  if (!isDatabaseUnavailable(exception)) return undefined;
  logger.warn({ reason: reasonOf(exception), path: request.path, requestId: request.id }, 'database unavailable; answered 503');
  return new ServiceUnavailableError();
}

function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message.slice(0, 200) : 'unknown';
  return typeof code === 'string' ? `${code} ${text}` : text;
}
