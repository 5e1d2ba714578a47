import type { ServedApp } from '@rapidauth/runtime';
import { SwaggerModule } from '@nestjs/swagger';
import { usergridRawBody } from '@rapidauth/oauth';
import { AdminApiModule } from './admin-api.module';
import { adminApiDocument } from './http/openapi-document';

export const adminApiApp: ServedApp = {
  name: 'admin-api',
  module: (runtime) => AdminApiModule.forRoot(runtime),
  port: (config) => config.adminPort,
  bodyLimit: '1mb',
  beforeBodyParsers: (app) => app.use('/management/token', usergridRawBody('64kb')),
  // OpenAPI at /docs (UI) and /docs-json.
  configure: (app) => SwaggerModule.setup('docs', app, adminApiDocument(app), { jsonDocumentUrl: 'docs-json' }),
};
