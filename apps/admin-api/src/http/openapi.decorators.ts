import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ServiceUnavailableError } from '@rapidauth/oauth';
import { LastOwnerError, type AdminError, type AdminErrorCode } from './admin.errors';
import { ErrorResponseDto } from './error-response.dto';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429;

const ERROR_ANSWERS: Record<ErrorStatus, string> = {
  400: 'Invalid request; `fields` lists each bad field. Nothing changed.',
  401: 'No valid management token (missing, expired, revoked, or its admin or organization was disabled)',
  403: 'The token lacks the permission this operation needs',
  404: 'Not found, or not visible to this caller',
  409: 'Conflicts with the current state (a name taken, objects still beneath, …). Nothing changed.',
  413: 'Request body too large',
  429: 'Too many attempts; retry after the `Retry-After` seconds',
};

/** The error answers an operation can give, each with the admin error body (`@ApiErrors(400, 409)`). */
export const ApiErrors = (...statuses: ErrorStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: ERROR_ANSWERS[status], type: ErrorResponseDto })));

/** The 409 codes an operation can name: when each is sent (docs/admin-api.md#errors), and the error itself. */
const CONFLICTS = {
  LAST_OWNER: { when: 'the change would leave the platform without an enabled owner', error: new LastOwnerError() },
} satisfies Partial<Record<AdminErrorCode, { when: string; error: AdminError }>>;

/** A 409 that names its codes (`@ApiConflict('LAST_OWNER')`), each with the body it is sent with. */
export const ApiConflict = (...codes: Array<keyof typeof CONFLICTS>) =>
  ApiResponse({
    status: 409,
    description: `${ERROR_ANSWERS[409]} ${codes.map((code) => `\`${code}\`: ${CONFLICTS[code].when}.`).join(' ')}`,
    type: ErrorResponseDto,
    examples: Object.fromEntries(codes.map((code) => [code, { summary: code, value: { error: 'conflict', error_description: CONFLICTS[code].error.message, code } }])),
  });

const unavailable = new ServiceUnavailableError();

/**
 * What any operation may answer while PostgreSQL cannot be reached (docs/admin-api.md#errors):
 * the OpenAPI document adds it to every operation.
 */
export const DATABASE_UNAVAILABLE_ANSWER: ResponseObject = {
  description: 'The database cannot be reached (`DATABASE_UNAVAILABLE`); retry after the `Retry-After` seconds. Nothing changed.',
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1, example: unavailable.retryAfterSeconds } } },
  content: {
    'application/json': {
      schema: { $ref: getSchemaPath(ErrorResponseDto) },
      examples: {
        [unavailable.code]: { summary: unavailable.code, value: { error: unavailable.error, error_description: unavailable.description, code: unavailable.code } },
      },
    },
  },
};

/** A list answer: `{total, limit, skip, rows}` with rows of `row`. */
export const ApiPagedResponse = (row: Type<unknown>) =>
  applyDecorators(
    ApiExtraModels(row),
    ApiOkResponse({
      description: 'One page of rows',
      schema: {
        type: 'object',
        required: ['total', 'limit', 'skip', 'rows'],
        properties: {
          total: { type: 'integer', minimum: 0, description: 'Rows matching, over all pages' },
          limit: { type: 'integer', minimum: 1, maximum: 100 },
          skip: { type: 'integer', minimum: 0 },
          rows: { type: 'array', items: { $ref: getSchemaPath(row) } },
        },
      },
    }),
  );
