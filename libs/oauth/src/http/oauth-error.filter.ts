import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { InsufficientScopeError } from '../session/userinfo';
import { InvalidClientError, InvalidTokenError, OAuthError, ServerError, TooManyRequestsError } from '../errors';
import type { Request, Response } from 'express';

/**
 * Renders every error as RFC 6749 JSON (`error`, `error_description`) plus our catalogue `code`.
 * The internal detail of an OAuthError is logged, never sent; anything unexpected becomes
 * `server_error` with a correlation id, and its stack goes to the log only.
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuthError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    if (exception instanceof HttpException && exception.getStatus() !== 404) {
      // Nest's own answers (health's 503 with its details, 405…) keep their body.
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const error = this.toOAuthError(exception, request);

    if (error instanceof InvalidClientError && error.basicChallenge) {
      response.setHeader('WWW-Authenticate', 'Basic realm="rapidauth", charset="UTF-8"');
    }
    if (error instanceof InvalidTokenError || error instanceof InsufficientScopeError) {
      // RFC 6750 §3: the error lives in the challenge; the description is ours and has no quotes.
      response.setHeader('WWW-Authenticate', `Bearer realm="rapidauth", error="${error.error}"`);
    }
    if (error instanceof TooManyRequestsError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (error.detail && !(error instanceof ServerError)) {
      this.logger.debug({ error: error.error, code: error.code, detail: error.detail, requestId: request.id });
    }
    response
      .status(error.status)
      .setHeader('Cache-Control', 'no-store')
      .json({ error: error.error, error_description: error.description, code: error.code });
  }

  private toOAuthError(exception: unknown, request: Request & { id?: string }): OAuthError {
    if (exception instanceof OAuthError) return exception;
    if (exception instanceof HttpException) return new NotFoundError();
    const correlationId = String(request.id ?? randomUUID());
    this.logger.error({ err: exception, correlationId, path: request.path }, 'unexpected error');
    return new ServerError(correlationId);
  }
}

/** An unknown route, in the same shape as every other error. */
class NotFoundError extends OAuthError {
  readonly error = 'not_found';
  readonly status = 404;

  constructor() {
    super('no such endpoint', { code: 'INVALID_PARAMETER' });
  }
}
