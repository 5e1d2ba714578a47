import { STATUS_CODES } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { PermissionExtension } from '../auth/permission.decorator';
import { DATABASE_UNAVAILABLE_ANSWER } from './openapi.decorators';
import { documentPublicRoutes } from './public-routes.openapi';

/** The admin API's OpenAPI document, served at /docs-json and linted in `npm test` (scripts/openapi.ts). */
export function adminApiDocument(app: INestApplication): OpenAPIObject {
  documentPublicRoutes();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('RapidAuth admin API')
      .setDescription(
        'Manage organizations, apps, environments, clients, users and who may administer them. Every call except `POST /management/token` needs a management token from it (`Authorization: Bearer …`) and the permission its description names (also in `x-permission`).',
      )
      .setVersion('1')
      .addServer('/', 'This admin API (ADMIN_PORT)')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A management token from POST /management/token' })
      .build(),
  );
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.post, path.patch, path.delete]) {
      if (operation) complete(operation);
    }
  }
  return document;
}

/**
 * What every operation's decorators leave implicit: the permission its `x-permission` (the
 * route's own rule) declares, in words; path parameters as UUIDs (every one goes through
 * ParseUUIDPipe or the guard's UUID check); the 503 any of them gives while the database is down;
 * a description on each answer.
 */
function complete(operation: OperationObject): void {
  const rule = (operation as { 'x-permission'?: PermissionExtension })['x-permission'];
  if (rule) operation.description = [operation.description, `Needs \`${rule.permission}\` ${on(rule)}.`].filter(Boolean).join('\n\n');
  for (const parameter of operation.parameters ?? []) {
    if ('in' in parameter && parameter.in === 'path') parameter.schema = { type: 'string', format: 'uuid' };
  }
  operation.responses['503'] = DATABASE_UNAVAILABLE_ANSWER;
  for (const [status, response] of Object.entries(operation.responses)) {
    if (response && 'description' in response && !response.description) response.description = STATUS_CODES[status] ?? status;
  }
}

function on(rule: PermissionExtension): string {
  if (rule.on === 'platform') return 'on the platform';
  if (rule.on === 'rows') return 'on each row: the list holds only the rows the caller may see';
  if (rule.on === 'request') return 'on the target the request names';
  return `on the ${rule.on.replace('-', ' ')} in \`${rule.parameter}\` (or above it)`;
}
