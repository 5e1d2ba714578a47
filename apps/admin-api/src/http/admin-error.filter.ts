import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { DomainError, type FieldProblem } from '@rapidauth/errors';
import { OAuthErrorFilter } from '@rapidauth/oauth';
import { ImportConflictError } from './admin.errors';
import type { Response } from 'express';

type Answer = readonly [status: number, error: string];

const CONFLICT: Answer = [409, 'conflict'];
const NOT_FOUND: Answer = [404, 'not_found'];
const INVALID: Answer = [400, 'invalid_request'];

/**
 * The answer to each domain code (docs/admin-api.md#errors), whichever lib refused: a code not
 * listed is a 400 `invalid_request`.
 */
export const DOMAIN_ANSWERS: Readonly<Record<string, Answer>> = {
  NOT_FOUND,
  GRANT_NOT_FOUND: NOT_FOUND,
  UNKNOWN_PROFILE: NOT_FOUND,
  NAME_TAKEN: CONFLICT,
  NOT_EMPTY: CONFLICT,
  SERVICE_IN_USE: CONFLICT,
  IDENTITIES_EXIST: CONFLICT,
  EXISTING_IDENTITY: CONFLICT,
  MFA_ALREADY_ENROLLED: CONFLICT,
  MFA_NOT_ENROLLED: CONFLICT,
  LAST_OWNER: CONFLICT,
  IMPORT_CONFLICT: CONFLICT,
};

/** The admin API's own answer (status and body) to an exception, or undefined where the OAuth filter answers. */
export function adminErrorAnswer(exception: unknown): { status: number; body: object } | undefined {
  if (exception instanceof DomainError) {
    const [status, error] = DOMAIN_ANSWERS[exception.code] ?? INVALID;
    const own = answer(status, error, exception.code, exception.message, exception.fields);
    return exception instanceof ImportConflictError ? { status, body: { ...own.body, conflicts: exception.conflicts } } : own;
  }
  if (exception instanceof BadRequestException && isValidation(exception.getResponse())) {
    const { fields } = exception.getResponse() as { fields: FieldProblem[] };
    return answer(...INVALID, 'INVALID_PARAMETER', 'the request has invalid fields', fields);
  }
  // Nest's own pipes (ParseUUIDPipe on an id the guard did not resolve first) answer in the same shape.
  if (exception instanceof BadRequestException) return answer(...INVALID, 'INVALID_PARAMETER', 'a path or query parameter is malformed');
  if (exception instanceof HttpException && exception.getStatus() === 405) return answer(405, 'invalid_request', 'INVALID_PARAMETER', 'method not allowed');
  return undefined;
}

/**
 * Admin API errors in the gateway's shape (`error`, `error_description`, `code`) plus `fields`
 * naming the inputs at fault: domain codes map to answers here, libs never throw HTTP exceptions.
 * Everything else is the OAuth filter's: OAuthErrors (NotFoundError, AccessDeniedError…), a
 * database outage's 503 `DATABASE_UNAVAILABLE` with Retry-After, any unexpected error's `server_error`.
 */
@Catch()
export class AdminErrorFilter implements ExceptionFilter {
  private readonly oauth = new OAuthErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const own = adminErrorAnswer(exception);
    if (own) host.switchToHttp().getResponse<Response>().status(own.status).json(own.body);
    else this.oauth.catch(exception, host);
  }
}

function answer(status: number, error: string, code: string, description: string, fields: readonly FieldProblem[] = []): { status: number; body: object } {
  return { status, body: { error, error_description: description, code, ...(fields.length > 0 && { fields }) } };
}

function isValidation(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Array.isArray((body as { fields?: unknown }).fields);
}
