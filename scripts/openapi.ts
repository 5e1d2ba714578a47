/**
 * Writes the admin API's OpenAPI document without serving it: the app is built over an in-memory
 * PGlite (nothing listens, no migration runs), as /docs-json would answer.
 *   node -r @swc-node/register scripts/openapi.ts dist/openapi/admin-api.json
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../libs/config/src';
import { IN_MEMORY, openDatabase } from '../libs/database/src';
import { startMaintenance } from '../libs/jobs/src';
import { createRootLogger, DISABLED_METRICS } from '../libs/observability/src';
import { adminApiApp } from '../apps/admin-api/src/admin-api.app';
import { adminApiDocument } from '../apps/admin-api/src/http/openapi-document';

async function main(): Promise<void> {
  const output = process.argv[2];
  if (!output) {
    console.error('usage: node -r @swc-node/register scripts/openapi.ts OUTPUT.json');
    process.exit(2);
  }
  // A throw-away data directory: the embedded secrets it generates are never used.
  const dataDir = mkdtempSync(join(tmpdir(), 'rapidauth-openapi-'));
  // No scheduled cleanup: nothing runs here.
  const { config } = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', CLEANUP_INTERVAL_SECONDS: '0' });
  const database = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY });
  const logger = createRootLogger('silent', process.stdout);
  const maintenance = startMaintenance(config, database.dataSource, logger);
  try {
    const app = await NestFactory.create(adminApiApp.module({ config, database, logger, maintenance, metrics: DISABLED_METRICS }), { logger: false, abortOnError: false });
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, `${JSON.stringify(adminApiDocument(app), null, 2)}\n`);
    await app.close();
  } finally {
    await maintenance.stop();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
