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
