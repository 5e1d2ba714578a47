import { HttpException, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ConflictError, InsufficientScopeError, InsufficientUserAuthenticationError, InvalidClientError, InvalidRequestError, InvalidTokenError, NotFoundError, TooManyRequestsError } from '../errors';
import { OAuthErrorFilter, renderOAuthError } from './oauth-error.filter';

describe('renderOAuthError', () => {
  let debug: jest.SpyInstance;
  let error: jest.SpyInstance;
  const request = { id: 'req-1', path: '/oauth/token' };

  beforeEach(() => {
    debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers an OAuthError as RFC 6749 JSON with no-store, and logs its detail, never sends it', () => {
    expect(renderOAuthError(new InvalidRequestError('scope must be given once', { code: 'DUPLICATE_PARAMETER', detail: 'internal' }), request)).toEqual({
      status: 400,
      headers: [['Cache-Control', 'no-store']],
      body: { error: 'invalid_request', error_description: 'scope must be given once', code: 'DUPLICATE_PARAMETER' },
    });
    expect(debug).toHaveBeenCalledWith({ error: 'invalid_request', code: 'DUPLICATE_PARAMETER', detail: 'internal', requestId: 'req-1' });
  });

  it('adds the challenges and Retry-After before Cache-Control', () => {
    const headers = (exception: unknown) => renderOAuthError(exception, request).headers;
    expect(headers(new InvalidClientError(undefined, { basicChallenge: true }))).toEqual([
      ['WWW-Authenticate', 'Basic realm="rapidauth", charset="UTF-8"'],
      ['Cache-Control', 'no-store'],
    ]);
    expect(headers(new InvalidClientError())).toEqual([['Cache-Control', 'no-store']]);
    expect(headers(new InvalidTokenError())[0]).toEqual(['WWW-Authenticate', 'Bearer realm="rapidauth", error="invalid_token"']);
    expect(headers(new InsufficientScopeError('needs openid'))[0]).toEqual(['WWW-Authenticate', 'Bearer realm="rapidauth", error="insufficient_scope"']);
    // RFC 9470 §3: the error and the largest login age accepted, in the challenge.
    expect(renderOAuthError(new InsufficientUserAuthenticationError(300), request)).toEqual({
      status: 401,
      headers: [
        ['WWW-Authenticate', 'Bearer realm="rapidauth", error="insufficient_user_authentication", error_description="this operation needs a login at most 300 seconds old; sign in again", max_age="300"'],
        ['Cache-Control', 'no-store'],
      ],
      body: { error: 'insufficient_user_authentication', error_description: 'this operation needs a login at most 300 seconds old; sign in again', code: 'TOKEN_TOO_OLD' },
    });
    expect(renderOAuthError(new ConflictError('already', { code: 'MFA_ALREADY_ENROLLED' }), request)).toMatchObject({ status: 409, body: { error: 'conflict', code: 'MFA_ALREADY_ENROLLED' } });
    expect(headers(new TooManyRequestsError(7))).toEqual([
      ['Retry-After', '7'],
      ['Cache-Control', 'no-store'],
    ]);
  });

  it("keeps Nest's own HttpExceptions, except its 404, which becomes ours", () => {
    expect(renderOAuthError(new HttpException({ status: 'error', details: {} }, 503), request)).toEqual({ status: 503, headers: [], body: { status: 'error', details: {} } });
    expect(renderOAuthError(new NotFoundException(), request)).toEqual({
      status: 404,
      headers: [['Cache-Control', 'no-store']],
      body: { error: 'not_found', error_description: 'no such endpoint', code: 'NOT_FOUND' },
    });
  });

  it('lists the input at fault as `fields`, and only when the error names one', () => {
    expect(renderOAuthError(new NotFoundError('group not found', { field: 'groupId' }), request).body).toEqual({
      error: 'not_found',
      error_description: 'group not found',
      code: 'NOT_FOUND',
      fields: [{ field: 'groupId', message: 'group not found' }],
    });
    expect(renderOAuthError(new NotFoundError(), request).body).toEqual({ error: 'not_found', error_description: 'not found', code: 'NOT_FOUND' });
  });

  it('turns anything else into server_error, referencing the request id (or a fresh one), with the error in the log only', () => {
    const boom = new Error('database on fire');
    const answer = renderOAuthError(boom, request);
    expect(answer).toEqual({
      status: 500,
      headers: [['Cache-Control', 'no-store']],
      body: { error: 'server_error', error_description: 'unexpected error; reference req-1', code: 'SERVER_ERROR' },
    });
    expect(error).toHaveBeenCalledWith({ err: boom, correlationId: 'req-1', path: '/oauth/token' }, 'unexpected error');
    expect(JSON.stringify(answer.body)).not.toContain('fire');
    expect((renderOAuthError(boom, { path: '/x' }).body as { error_description: string }).error_description).toMatch(/reference [0-9a-f-]{36}$/);
  });
});

describe('renderOAuthError while the database is down', () => {
  const request = { id: 'req-2', path: '/oauth/token' };
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers 503 temporarily_unavailable with Retry-After, logging the reason at warn without the statement parameters', () => {
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const failed = new QueryFailedError('SELECT * FROM "refresh_token" WHERE "token_hash" = $1', ['secret-hash'], shutdown);
    expect(renderOAuthError(failed, request)).toEqual({
      status: 503,
      headers: [
        ['Retry-After', '5'],
        ['Cache-Control', 'no-store'],
      ],
      body: { error: 'temporarily_unavailable', error_description: 'the service is temporarily unavailable; retry later', code: 'DATABASE_UNAVAILABLE' },
    });
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls)).toContain('57P01');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret-hash');
  });

  it('treats a refused connection and a pool timeout alike, and a failing statement as the server error it is', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(renderOAuthError(refused, request).status).toBe(503);
    expect(renderOAuthError(new Error('timeout exceeded when trying to connect'), request).status).toBe(503);
    const constraint = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    expect(renderOAuthError(new QueryFailedError('INSERT', [], constraint), request).status).toBe(500);
  });
});

describe('OAuthErrorFilter', () => {
  it('writes what renderOAuthError renders', () => {
    const calls: unknown[][] = [];
    const response = {
      setHeader: (...args: unknown[]) => calls.push(['setHeader', ...args]),
      status: (status: number) => (calls.push(['status', status]), response),
      json: (body: unknown) => calls.push(['json', body]),
    };
    const host = { switchToHttp: () => ({ getRequest: () => ({ id: 'r', path: '/oauth/token' }), getResponse: () => response }) } as unknown as ArgumentsHost;
    new OAuthErrorFilter().catch(new TooManyRequestsError(3), host);
    expect(calls).toEqual([
      ['setHeader', 'Retry-After', '3'],
      ['setHeader', 'Cache-Control', 'no-store'],
      ['status', 429],
      ['json', { error: 'slow_down', error_description: 'too many requests; retry later', code: 'RATE_LIMITED' }],
    ]);
  });
});
