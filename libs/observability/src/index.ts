export { HealthModule } from './health.module';
export { HealthController } from './health.controller';
export { LoggerModule } from './logger.module';
export { redactUrl, SENSITIVE_PARAMETERS, REDACTED_LOG_PATHS } from './redaction';
