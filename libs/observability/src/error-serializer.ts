import { stdSerializers } from 'pino';

/**
 * What an error's log line may keep. TypeORM's QueryFailedError carries the failed statement
 * (`query`) and its bound `parameters` — password hashes, token hashes, secrets — and so do the
 * driver errors it wraps (`driverError`); none of that reaches a log line.
 */
const KEPT = ['type', 'message', 'stack', 'code', 'name'] as const;
/** PostgreSQL's own error fields that name no value (RFC-less: the server's error message fields). */
const KEPT_DATABASE_FIELDS = ['severity', 'routine', 'constraint', 'table', 'column', 'schema'] as const;

type SerializedError = Record<string, unknown>;

/** pino's `err` serializer, reduced to what identifies the failure; causes are reduced alike. */
export function serializeError(error: unknown, depth = 0): SerializedError | unknown {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) return error;
  const full = stdSerializers.err(error as Error) as SerializedError;
  const kept: SerializedError = {};
  for (const key of KEPT) if (full[key] !== undefined) kept[key] = full[key];
  const database = (error as { driverError?: unknown }).driverError ?? error;
  for (const key of KEPT_DATABASE_FIELDS) {
    const value = (database as Record<string, unknown>)[key];
    if (typeof value === 'string') kept[key] = value;
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 3) kept.cause = serializeError(cause, depth + 1);
  return kept;
}
