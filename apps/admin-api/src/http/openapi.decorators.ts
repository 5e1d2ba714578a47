import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiResponse, getSchemaPath } from '@nestjs/swagger';
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
