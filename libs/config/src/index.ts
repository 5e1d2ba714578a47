export * from './app-config';
export * from './config.error';
export * from './secret-value';
export { loadConfig } from './load-config';
export type { LoadedConfig } from './load-config';
export { EMBEDDED_SECRETS_FILE } from './embedded-secrets';
export { ConfigModule, APP_CONFIG } from './config.module';
