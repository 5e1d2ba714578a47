export { createScratchDatabase, testPostgresUrl, testRedisUrl } from './postgres-server';
export type { ScratchDatabase } from './postgres-server';
export { createFixtureGraph } from './fixtures';
export type { FixtureGraph } from './fixtures';
export { describeDatabaseConformance } from './conformance/database.conformance';
export { ENTRY, freePort, ServerProcess } from './server-process';
export { PrivatePostgres } from './private-postgres';
