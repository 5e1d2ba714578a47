import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { IdentityError } from '@rapidauth/identity';
import { DpopTokenError, InsufficientScopeError, InsufficientUserAuthenticationError, InvalidClientError, InvalidTokenError, NotFoundError, OAuthError, ServerError, ServiceUnavailableError, TooManyRequestsError, UseDpopNonceError } from '../errors';
import { DPOP_SIGNING_ALGS } from '../dpop/dpop-proof';
import type { Request, Response } from 'express';
import { identityRefusal } from './identity-refusals';
import { asServiceUnavailable } from './service-unavailable';

/** An error as the HTTP answer: status, headers in the order they are set, and the JSON body. */
export interface ErrorAnswer {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  readonly body: unknown;
}

/** What the renderer needs to know of the request: its log id (when request lines are logged) and path. */
export interface ErroredRequest {
  readonly id?: unknown;
  readonly path: string;
}

const logger = new Logger('OAuthError');

/**
 * Renders every error as RFC 6749 JSON (`error`, `error_description`) plus our catalogue `code`
 * (and `fields` when the error names the input at fault, as the admin API's 404s do).
 * The internal detail of an OAuthError is logged, never sent; anything unexpected becomes
 * `server_error` with a correlation id (the request's log id when there is one), and its stack
 * goes to the log only — except a database that cannot be reached: 503 temporarily_unavailable
 * with Retry-After, never a 500, as long as the outage lasts. Nest's own HttpExceptions (health's 503 with its details, 405…) keep their
 * body; its 404 becomes ours. OAuthErrorFilter and the gateway's hot path (which answers some
 * requests without Express) both answer with this, so the two cannot drift.
 */
export function renderOAuthError(exception: unknown, request: ErroredRequest): ErrorAnswer {
  if (exception instanceof HttpException && exception.getStatus() !== 404) {
    return { status: exception.getStatus(), headers: [], body: exception.getResponse() };
  }
  const error = toOAuthError(exception, request);
  const headers: Array<readonly [string, string]> = [];
  if (error instanceof InvalidClientError && error.basicChallenge) {
    headers.push(['WWW-Authenticate', 'Basic realm="rapidauth", charset="UTF-8"']);
  }
  if (error instanceof InvalidTokenError || error instanceof InsufficientScopeError) {
    // RFC 6750 §3: the error lives in the challenge; the description is ours and has no quotes.
    headers.push(['WWW-Authenticate', `Bearer realm="rapidauth", error="${error.error}"`]);
  }
  if (error instanceof DpopTokenError) {
    // RFC 9449 §7.1: the DPoP scheme's challenge, naming the algorithms a proof may use.
    headers.push(['WWW-Authenticate', `DPoP realm="rapidauth", error="${error.error}", algs="${DPOP_SIGNING_ALGS.join(' ')}"`]);
  }
  if ((error instanceof DpopTokenError || error instanceof UseDpopNonceError) && error.nonce) headers.push(['DPoP-Nonce', error.nonce]);
  if (error instanceof InsufficientUserAuthenticationError) {
    // RFC 9470 §3: the challenge names the error and the largest login age the resource accepts.
    headers.push(['WWW-Authenticate', `Bearer realm="rapidauth", error="${error.error}", error_description="${error.description}", max_age="${error.maxAgeSeconds}"`]);
  }
  if (error instanceof TooManyRequestsError || error instanceof ServiceUnavailableError) headers.push(['Retry-After', String(error.retryAfterSeconds)]);
  if (error.detail && !(error instanceof ServerError)) {
    logger.debug({ error: error.error, code: error.code, detail: error.detail, requestId: request.id });
  }
  headers.push(['Cache-Control', 'no-store']);
  const body = { error: error.error, error_description: error.description, code: error.code, ...error.extra };
  return { status: error.status, headers, body: error.field ? { ...body, fields: [{ field: error.field, message: error.description }] } : body };
}

function toOAuthError(exception: unknown, request: ErroredRequest): OAuthError {
  if (exception instanceof OAuthError) return exception;
  const refusal = exception instanceof IdentityError ? identityRefusal(exception) : undefined;
  if (refusal) return refusal;
  if (exception instanceof HttpException) return new NotFoundError('no such endpoint');
  const unavailable = asServiceUnavailable(exception, request);
  if (unavailable) return unavailable;
  const correlationId = String(request.id ?? randomUUID());
  logger.error({ err: exception, correlationId, path: request.path }, 'unexpected error');
  return new ServerError(correlationId);
}

/** Every error of the Nest (Express) routes, answered by renderOAuthError. */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const answer = renderOAuthError(exception, { id: request.id, path: request.path });
    for (const [name, value] of answer.headers) response.setHeader(name, value);
    response.status(answer.status).json(answer.body);
  }
}
