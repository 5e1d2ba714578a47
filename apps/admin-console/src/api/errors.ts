/** One input at fault, as the admin API names it in `fields` (docs/admin-api.md#errors). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** A refused call: the API's message and catalogue code, the fields at fault, and `Retry-After` on 429/503. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly fields: readonly FieldProblem[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message shown to an admin: the API's own, with when to retry where it said. */
  get shown(): string {
    return this.retryAfterSeconds === undefined ? this.message : `${this.message} Try again in ${this.retryAfterSeconds} s.`;
  }

  /**
   * The problem named for one field (`config.baseDn`, `name`, ...), if any; else the first one inside it
   * (`redirectUris[2]` is a line of the `redirectUris` input), shown beside the whole input.
   */
  problemOf(field: string): string | undefined {
    const inside = (name: string) => name.startsWith(`${field}[`) || name.startsWith(`${field}.`);
    return (this.fields.find((problem) => problem.field === field) ?? this.fields.find((problem) => inside(problem.field)))?.message;
  }
}

interface ErrorBody {
  error?: unknown;
  error_description?: unknown;
  message?: unknown;
  code?: unknown;
  fields?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** Builds the error of a non-2xx answer; a body that is not the API's (a proxy's HTML, a 500) becomes a plain sentence. */
export function errorOf(status: number, body: unknown, retryAfter: string | null): ApiError {
  const parsed: ErrorBody = typeof body === 'object' && body !== null ? (body as ErrorBody) : {};
  const fields = Array.isArray(parsed.fields)
    ? parsed.fields.flatMap((entry: unknown) => {
        const candidate = entry as { field?: unknown; message?: unknown };
        const field = text(candidate?.field);
        return field ? [{ field, message: text(candidate.message) ?? 'Invalid value.' }] : [];
      })
    : [];
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  const message =
    status >= 500 && status !== 503
      ? 'The server could not answer. Try again; if it keeps failing, the server log has the details.'
      : (text(parsed.error_description) ?? text(parsed.message) ?? statusSentence(status));
  return new ApiError(status, message, text(parsed.code), fields, seconds);
}

function statusSentence(status: number): string {
  switch (status) {
    case 401:
      return 'Your session has expired.';
    case 403:
      return 'You are not allowed to do this.';
    case 404:
      return 'Not found.';
    case 409:
      return 'This conflicts with what exists.';
    case 413:
      return 'This is too large.';
    case 429:
      return 'Too many requests.';
    case 503:
      return 'The server is unavailable.';
    default:
      return `The request was refused (${status}).`;
  }
}
