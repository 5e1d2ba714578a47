import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, Optional, RequestMethod } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { requestLines, type RequestLines } from './request-lines';

/** The app's request lines (undefined above LOG_LEVEL=info); the gateway's hot path starts them too. */
export const REQUEST_LINES = Symbol('REQUEST_LINES');

/**
 * JSON logs (pino) of one app: Nest's logger over the process's root logger, and one line per
 * request, with secrets redacted and a request id.
 */
@Module({})
export class LoggerModule implements NestModule {
  constructor(@Optional() @Inject(REQUEST_LINES) private readonly lines?: RequestLines) {}

  static forRoot(root: Logger, app: string): DynamicModule {
    return {
      module: LoggerModule,
      imports: [
        // Only Nest's logger: nestjs-pino installs no middleware (no routes); ours below is the
        // request line. Lines logged outside a request go to the root, shared by the process's apps.
        PinoLoggerModule.forRoot({ forRoutes: [], pinoHttp: { logger: root } }),
      ],
      providers: [{ provide: REQUEST_LINES, useFactory: () => requestLines(root, app) }],
      exports: [PinoLoggerModule, REQUEST_LINES],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const lines = this.lines;
    if (!lines) return;
    consumer
      .apply((request: IncomingMessage, response: ServerResponse, next: () => void) => {
        lines.watch(request, response);
        next();
      })
      .forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
