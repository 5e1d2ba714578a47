import type { ServedApp } from '@rapidauth/runtime';
import { SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { usergridRawBody } from '@rapidauth/oauth';
import { AdminApiModule } from './admin-api.module';
import { mountConsole } from './console/mount-console';
import { noStore } from './http/no-store';
import { IDENTITY_METHODS_PATH } from './identity-methods/identity-methods.controller';
import { adminApiDocument } from './http/openapi-document';
import { IMPORT_BODY_LIMIT, IMPORT_PATH } from './transfer/transfer-document.dto';

export const adminApiApp: ServedApp = {
  name: 'admin-api',
  module: (runtime) => AdminApiModule.forRoot(runtime),
  port: (config) => config.adminPort,
  bodyLimit: '1mb',
  // The console first: its answers carry their own Cache-Control (docs/admin-console.md). Then
  // no-store, so that every other answer (body-parser refusals included) is never cached.
  // An import document may be larger than any other admin body; identity methods take RFC 7396 merge patches.
  beforeBodyParsers: (app) => {
    mountConsole(app);
    app
      .use(noStore)
      .use('/management/token', usergridRawBody('64kb'))
      .use(IMPORT_PATH, json({ limit: IMPORT_BODY_LIMIT }))
      .use(IDENTITY_METHODS_PATH, json({ type: ['application/json', 'application/merge-patch+json'], limit: '1mb' }));
  },
  // OpenAPI at /docs (UI) and /docs-json.
  configure: (app) => SwaggerModule.setup('docs', app, adminApiDocument(app), { jsonDocumentUrl: 'docs-json' }),
};
