import type { NextFunction, Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { Runtime, ServedApp } from './served-app';

/**
 * Builds one app with the HTTP settings every RapidAuth server shares: JSON logs, body limits,
 * the proxy trust of TRUST_PROXY, and clean 4xx answers for unparseable bodies.
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
  app.useBodyParser('json', { limit: spec.bodyLimit });
  app.useBodyParser('urlencoded', { limit: spec.bodyLimit, extended: false });
  app.use(bodyParserErrors);
  spec.configure?.(app);
  return app;
}

/** body-parser errors (too large, malformed JSON, bad charset) as JSON 4xx, never an HTML stack. */
function bodyParserErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const parserError = error as { type?: string; status?: number; expose?: boolean };
  if (!parserError?.type || !parserError.status || parserError.status >= 500) {
    next(error);
    return;
  }
  const tooLarge = parserError.status === 413;
  res.status(parserError.status).json({
    error: 'invalid_request',
    error_description: tooLarge ? 'request body too large' : 'request body could not be parsed',
    code: tooLarge ? 'REQUEST_TOO_LARGE' : 'MALFORMED_REQUEST',
  });
}
