import type { ServedApp } from '@rapidauth/runtime';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { usergridRawBody } from '@rapidauth/oauth';
import { AdminApiModule } from './admin-api.module';
import { noStore } from './http/no-store';

export const adminApiApp: ServedApp = {
  name: 'admin-api',
  module: (runtime) => AdminApiModule.forRoot(runtime),
  port: (config) => config.adminPort,
  bodyLimit: '1mb',
  // First, so that every answer (body-parser refusals included) is no-store.
  beforeBodyParsers: (app) => app.use(noStore).use('/management/token', usergridRawBody('64kb')),
  // OpenAPI at /docs (UI) and /docs-json.
  configure: (app) => {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('RapidAuth admin API')
        .setDescription('Every route needs a management token (POST /management/token) and the permission it names.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  },
};
