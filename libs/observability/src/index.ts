export { HealthModule } from './health.module';
export { HealthController } from './health.controller';
export { LoggerModule, REQUEST_LINES } from './logger.module';
export type { RequestLines } from './request-lines';
export { createRootLogger } from './root-logger';
export { chooseLogFormat, stdoutLogOutput, type LogOutput } from './log-output';
export { serializeError } from './error-serializer';
export { redactUrl, SENSITIVE_PARAMETERS } from './redaction';
export { requestIdOf } from './request-id';
