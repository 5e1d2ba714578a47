export * from './entities';
export * from './database.errors';
export { DataDirLock, LOCK_FILE } from './data-dir-lock';
export { openDatabase, describeServer, postgresOptions, IN_MEMORY } from './data-source';
export type { Database } from './data-source';
export { runMigrations } from './migrate';
export { SnakeNamingStrategy } from './snake-naming.strategy';
export { DatabaseModule, DATABASE } from './database.module';
export { ALL_MIGRATIONS } from './migrations';
