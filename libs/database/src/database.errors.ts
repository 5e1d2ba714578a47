/** The database could not be reached or opened; the message is safe to print (no credentials). */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Another live process holds the embedded database's data directory. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';

  constructor(message: string) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

/** Network errors of the socket to the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * PostgreSQL SQLSTATEs (Appendix A) that mean the server is going or not there yet: 57P01
 * admin_shutdown (also an immediate shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up or shutting down), 53300 too_many_connections; class 08 is connection_exception.
 */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** node-postgres and pg-pool say these without a code. */
const DRIVER_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /is not queryable/, /^Client has encountered a connection error/];

/**
 * Whether an error means the database cannot be reached right now (refused, dropped, shutting
 * down, starting up, the pool could not connect in time) rather than that a statement failed: the
 * one place that decides it, so every route answers such errors alike (503, retry later). Looks
 * through TypeORM's QueryFailedError (`driverError`), `cause` and AggregateError (one error per
 * address tried).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, driverError, cause } = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && code === undefined && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
