import type { ServedApp } from '@rapidauth/runtime';
import { SwaggerModule } from '@nestjs/swagger';
import { usergridRawBody } from '@rapidauth/oauth';
import { AdminApiModule } from './admin-api.module';
import { noStore } from './http/no-store';
import { adminApiDocument } from './http/openapi-document';

export const adminApiApp: ServedApp = {
  name: 'admin-api',
  module: (runtime) => AdminApiModule.forRoot(runtime),
  port: (config) => config.adminPort,
  bodyLimit: '1mb',
  // First, so that every answer (body-parser refusals included) is no-store.
  beforeBodyParsers: (app) => app.use(noStore).use('/management/token', usergridRawBody('64kb')),
  // OpenAPI at /docs (UI) and /docs-json.
  configure: (app) => SwaggerModule.setup('docs', app, adminApiDocument(app), { jsonDocumentUrl: 'docs-json' }),
};
