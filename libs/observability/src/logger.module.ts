import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@rapidauth/config';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import { REDACTED_LOG_PATHS, redactUrl } from './redaction';

/** Request lines are logged at info; above it the per-request logger would cost CPU for nothing. */
const LEVELS_WITH_REQUEST_LINES = new Set(['info', 'debug', 'trace']);

/** JSON logs (pino), one line per request, with secrets redacted and a request id. */
@Module({})
export class LoggerModule {
  static forRoot(config: AppConfig, app: string): DynamicModule {
    return {
      module: LoggerModule,
      imports: [
        PinoLoggerModule.forRoot({
          // No routes: the request middleware is not installed at all. (The gateway's hot path builds
          // the same middleware from these params, and reads forRoutes the same way: apps/auth-gateway/src/hot-path.)
          ...(!LEVELS_WITH_REQUEST_LINES.has(config.logLevel) && { forRoutes: [] }),
          pinoHttp: {
            level: config.logLevel,
            customProps: () => ({ app }),
            timestamp: stdTimeFunctions.isoTime,
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            genReqId: (req: IncomingMessage) => {
              const given = req.headers['x-request-id'];
              return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
            },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
            serializers: {
              req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
                id: req.id,
                method: req.method,
                url: redactUrl(req.url),
                userAgent: req.headers['user-agent'],
                remoteAddress: req.remoteAddress,
              }),
            },
          },
        }),
      ],
      exports: [PinoLoggerModule],
    };
  }
}
