export * from './app-config';
export * from './config.error';
export { DEFAULT_MAIL_FROM, DEFAULT_SMS_BODY_TEMPLATE } from './delivery-config';
export type { MailConfig, SmsConfig } from './delivery-config';
export * from './secret-value';
export { loadConfig } from './load-config';
export type { LoadedConfig } from './load-config';
export { EMBEDDED_SECRETS_FILE } from './embedded-secrets';
export { ConfigModule, APP_CONFIG } from './config.module';
