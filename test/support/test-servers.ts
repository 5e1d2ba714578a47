import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migratedPostgresTemplate } from './migrated-templates';

/**
 * The PostgreSQL server scripts/test-servers.sh started (TEST_DATABASE_URL). Suites that need it
 * fail loudly without it rather than skip.
 */
export function testPostgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts PostgreSQL for them');
  }
  return url;
}

export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests with `npm test`, which starts Redis for them');
  return url;
}

/** A fresh database on the test server, so suites never see each other's rows. */
export interface ScratchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Empty, or with `migrated` a copy of a database holding every migration (see
 * migrated-templates.ts), for suites that test something other than migrating.
 */
export async function createScratchDatabase(options: { migrated?: boolean } = {}): Promise<ScratchDatabase> {
  const serverUrl = testPostgresUrl();
  const name = `rapidauth_test_${randomBytes(6).toString('hex')}`;
  const template = options.migrated ? ` TEMPLATE "${await migratedPostgresTemplate(serverUrl)}"` : '';
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"${template}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
