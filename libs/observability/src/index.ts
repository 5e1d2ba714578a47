export { HealthModule } from './health.module';
export { LoggerModule } from './logger.module';
export { redactUrl, SENSITIVE_PARAMETERS, REDACTED_LOG_PATHS } from './redaction';
