/**
 * Writes a migration for the difference between the entities and the schema the existing
 * migrations produce. Runs on a fresh in-memory PGlite after applying every migration, so it
 * never compares against an empty or live database.
 *   npm run migration:generate -- AddDevices
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IN_MEMORY, openDatabase, runMigrations } from '../libs/database/src';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('usage: npm run migration:generate -- PascalCaseName');
    process.exit(2);
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY });
  try {
    await runMigrations(database);
    const sql = await database.dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log('entities and migrations agree: nothing to generate');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const quote = (query: string) =>
      `    await queryRunner.query(\`${query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\`);`;
    const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((q) => quote(q.query)).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((q) => quote(q.query)).join('\n')}
  }
}
`;
    const file = join(__dirname, '..', 'libs', 'database', 'src', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(file, body);
    console.log(`wrote ${file}: add ${className} to ALL_MIGRATIONS in migrations/index.ts`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
