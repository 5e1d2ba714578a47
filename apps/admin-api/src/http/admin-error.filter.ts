import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { ConnectorConfigError } from '@rapidauth/connectors';
import { GrantError } from '@rapidauth/grants';
import { IdentityError } from '@rapidauth/identity';
import { OAuthErrorFilter } from '@rapidauth/oauth';
import { TenancyError } from '@rapidauth/tenancy';
import type { Response } from 'express';
import type { FieldProblem } from './validation';

const TENANCY_STATUS: Record<string, number> = { NOT_FOUND: 404, NAME_TAKEN: 409, NOT_EMPTY: 409, SERVICE_IN_USE: 409 };
const IDENTITY_STATUS: Record<string, number> = { EXISTING_IDENTITY: 409 };
const GRANT_STATUS: Record<string, number> = { GRANT_NOT_FOUND: 404 };

/**
 * Admin API errors in the gateway's shape (`error`, `error_description`, `code`) plus `fields`
 * for validation: domain error codes map to statuses here, libs never throw HTTP exceptions.
 * Everything else is the OAuth filter's: a database outage's 503 `DATABASE_UNAVAILABLE` with
 * Retry-After, any unexpected error's `server_error`.
 */
@Catch()
export class AdminErrorFilter implements ExceptionFilter {
  private readonly oauth = new OAuthErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof TenancyError) {
      this.send(response, TENANCY_STATUS[exception.code] ?? 400, exception.code, exception.message, exception.field);
      return;
    }
    if (exception instanceof GrantError) {
      this.send(response, GRANT_STATUS[exception.code] ?? 400, exception.code, exception.message, exception.field);
      return;
    }
    if (exception instanceof IdentityError) {
      this.send(response, IDENTITY_STATUS[exception.code] ?? 400, exception.code, exception.message, exception.field);
      return;
    }
    if (exception instanceof ConnectorConfigError) {
      response.status(400).json({ error: 'invalid_request', error_description: 'the service configuration is invalid', code: exception.code, fields: exception.problems });
      return;
    }
    if (exception instanceof BadRequestException && isValidation(exception.getResponse())) {
      const { fields } = exception.getResponse() as { fields: FieldProblem[] };
      response.status(400).json({ error: 'invalid_request', error_description: 'the request has invalid fields', code: 'INVALID_PARAMETER', fields });
      return;
    }
    // Nest's own pipes (ParseUUIDPipe on an id the guard did not resolve first) answer in the same shape.
    if (exception instanceof BadRequestException) {
      this.send(response, 400, 'INVALID_PARAMETER', 'a path or query parameter is malformed');
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() === 405) {
      this.send(response, 405, 'INVALID_PARAMETER', 'method not allowed');
      return;
    }
    this.oauth.catch(exception, host);
  }

  private send(response: Response, status: number, code: string, description: string, field?: string): void {
    response.status(status).json({
      error: status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'invalid_request',
      error_description: description,
      code,
      ...(field && { fields: [{ field, message: description }] }),
    });
  }
}

function isValidation(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Array.isArray((body as { fields?: unknown }).fields);
}
