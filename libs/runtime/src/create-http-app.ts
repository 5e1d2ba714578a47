import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { httpRequestMetrics } from '@rapidauth/observability';
import { Logger } from 'nestjs-pino';
import type { Runtime, ServedApp } from './served-app';

/**
 * Builds one app with the HTTP settings every RapidAuth server shares: JSON logs, body limits,
 * the proxy trust of TRUST_PROXY, clean 4xx answers for unparseable bodies, and request durations
 * in the metrics (first, so that the parsers' refusals count too).
 */
export async function createHttpApp(spec: ServedApp, runtime: Runtime): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(spec.module(runtime), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', runtime.config.trustProxy);
  if (runtime.metrics.enabled) app.use(httpRequestMetrics(runtime.metrics, spec.name));
  spec.beforeBodyParsers?.(app);
  app.useBodyParser('json', { limit: spec.bodyLimit });
  app.useBodyParser('urlencoded', { limit: spec.bodyLimit, extended: false });
  app.use(bodyParserErrors);
  spec.configure?.(app);
  app.getHttpServer().on('clientError', answerClientError);
  return app;
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers over 16 KiB, malformed
 * request lines) get the same JSON error shape instead of an empty 400/431.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    error: 'invalid_request',
    error_description: tooLarge ? 'request headers too large' : 'malformed HTTP request',
    code: tooLarge ? 'REQUEST_TOO_LARGE' : 'MALFORMED_REQUEST',
  });
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * body-parser errors (too large, malformed JSON, bad charset or encoding, a corrupt compressed
 * body — the last has no `type`, only a 4xx status) as JSON 4xx, never an HTML stack.
 */
function bodyParserErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const status = (error as { status?: unknown })?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) {
    next(error);
    return;
  }
  const tooLarge = status === 413;
  res.status(status).json({
    error: 'invalid_request',
    error_description: tooLarge ? 'request body too large' : status === 415 ? 'unsupported body encoding or charset' : 'request body could not be parsed',
    code: tooLarge ? 'REQUEST_TOO_LARGE' : 'MALFORMED_REQUEST',
  });
}
