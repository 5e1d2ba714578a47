import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { renderOAuthError } from '@rapidauth/oauth';
import { METRICS, requestIdOf, type Metrics, type RequestLines } from '@rapidauth/observability';
import { parse as parseBytes } from 'bytes';
import type { Express } from 'express';
import proxyaddr from 'proxy-addr';
import { corsAnswer } from '../oauth/cors';
import { IntrospectController } from '../oauth/introspect.controller';
import { TokenController } from '../oauth/token.controller';
import { declaredResponse, type DeclaredResponse } from './declared-response';
import { decodeUtf8, isPlainForm, parsePlainForm, readBody } from './read-form';
import { replayRequest } from './replay-request';
import { requestLog } from './request-log';
import { sendJson } from './send-json';

/**
 * The gateway's hot path: POST /oauth/token and POST /oauth/introspect served straight from
 * node:http, without Express's router and middleware chain (most of their CPU cost, BENCHMARKS.md),
 * by the same controllers' `serve` and with the same answers, byte for byte. It redoes, for these
 * two routes, each step Express and Nest take, in their order:
 *
 *   1. the body, as Express's urlencoded parser reads it (read-form.ts) — before everything else;
 *   2. the CORS headers of the `cors` middleware (corsAnswer);
 *   3. the request line, when LOG_LEVEL logs them (request-log.ts: the app's own request lines,
 *      written once the route has answered);
 *   4. the route's declared status and headers (@HttpCode, @Header), set before it runs;
 *   5. its result as Express's `res.json`, or the error as OAuthErrorFilter renders it (renderOAuthError);
 *   6. its duration in the metrics, as the app's Express middleware times a request (httpRequestMetrics).
 *
 * Requests it does not take are Express's, untouched: other methods and paths (405/404, OPTIONS
 * preflights), and POSTs whose headers are not a plain UTF-8 form (other types, charsets, gzip,
 * chunked, over the body limit: body-parser's answers), and requests with a `DPoP` header. A form found unusual once read (brackets in
 * a name, over 1000 parameters) is replayed to Express. The controllers stay: they are the Express
 * route of the requests the hot path passes on.
 */
export function mountHotPath(app: NestExpressApplication, options: { bodyLimit: string; appName: string }): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  const server = app.getHttpServer() as Server;
  const listeners = server.listeners('request');
  // Nest creates the server with Express as its only 'request' listener; anything else is unknown ground.
  if (listeners.length !== 1 || listeners[0] !== express) throw new Error('hot path: expected Express to be the only request listener');
  const bodyLimit = parseBytes(options.bodyLimit);
  if (bodyLimit === null) throw new Error(`hot path: unreadable body limit ${options.bodyLimit}`);

  const token = app.get(TokenController);
  const introspect = app.get(IntrospectController);
  /** The client's address as Express's `request.ip` gives it (TRUST_PROXY: the app's 'trust proxy fn'). */
  const ip = (request: IncomingMessage) => proxyaddr(request, express.get('trust proxy fn')) ?? '';
  const routes = new Map<string, HotRoute>([
    [
      '/oauth/token',
      {
        path: '/oauth/token',
        declared: declaredResponse(TokenController, 'token'),
        // As TokenController.token passes the request on.
        serve: (request, body) =>
          token.serve({ authorization: request.headers.authorization, body, ip: ip(request), origin: request.headers.origin, requestId: requestIdOf(request) }),
      },
    ],
    [
      '/oauth/introspect',
      {
        path: '/oauth/introspect',
        declared: declaredResponse(IntrospectController, 'introspect'),
        // As IntrospectController.introspect passes the request on.
        serve: (request, body) => introspect.serve({ authorization: request.headers.authorization, body, origin: request.headers.origin }),
      },
    ],
  ]);
  const context: HotContext = {
    express,
    requestLog: requestLog(app),
  };
  const metrics = app.get<Metrics>(METRICS);
  const timed = (route: HotRoute, response: ServerResponse, startedAt: number) =>
    metrics.httpRequest(options.appName, 'POST', route.path, response.statusCode, (performance.now() - startedAt) / 1000);

  const dispatch: RequestListener = (request, response) => {
    const route = request.method === 'POST' ? routes.get(pathOf(request.url)) : undefined;
    // A DPoP proof (RFC 9449) is checked on the Express route alone, which also answers DPoP-Nonce.
    if (route && request.headers.dpop === undefined && isPlainForm(request.headers, bodyLimit)) {
      const startedAt = performance.now();
      serveHot(route, request, response, context)
        .catch((error: unknown) => answerError(error, route, request, response, context))
        .then((served) => {
          if (served !== false) timed(route, response, startedAt);
        });
    } else {
      express(request, response);
    }
  };
  server.removeListener('request', express);
  server.on('request', dispatch);
}

interface HotRoute {
  readonly path: string;
  readonly declared: DeclaredResponse;
  serve(request: IncomingMessage, body: Record<string, unknown>): Promise<unknown>;
}

interface HotContext {
  readonly express: Express;
  readonly requestLog: RequestLines | undefined;
}

/** The path without the query (what Express routes on); `/oauth/token/` and other spellings stay Express's. */
function pathOf(url = ''): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Resolves false when the hot path did not answer: the client left, or Express took the request (and times it). */
async function serveHot(route: HotRoute, request: IncomingMessage, response: ServerResponse, context: HotContext): Promise<boolean> {
  // 1. The body: Express parses it before its other middleware runs (refusals carry no CORS, no request line).
  const chunks = await readBody(request);
  if (!chunks) return false; // The client left mid-body: nobody to answer.
  const body = parsePlainForm(decodeUtf8(chunks));
  if (!body) {
    // Brackets or too many parameters: Express's parser takes the request from the start.
    context.express(replayRequest(request, Buffer.concat(chunks)), response);
    return false;
  }
  // 2. CORS (the `cors` middleware; POST is never a preflight).
  for (const [name, value] of corsAnswer('POST', route.path, request.headers.origin)?.headers ?? []) response.setHeader(name, value);
  // 3. The request line: its id before the route runs (Nest's order); its line once the route has
  // answered, which the hot path knows without a listener on the response.
  const lines = context.requestLog;
  const startedAt = lines?.begin(request) ?? 0;
  try {
    await answer(route, request, response, body, context);
  } finally {
    lines?.answered(request, response, startedAt);
  }
  return true;
}

async function answer(route: HotRoute, request: IncomingMessage, response: ServerResponse, body: Record<string, unknown>, context: HotContext): Promise<void> {
  // 4. What the route declares, set before it runs: it stays on an error answer too.
  response.statusCode = route.declared.status;
  for (const [name, value] of route.declared.headers) response.setHeader(name, value);
  try {
    sendJson(response, route.declared.status, await route.serve(request, body));
  } catch (error) {
    answerError(error, route, request, response, context);
  }
}

/** 5. An error, as OAuthErrorFilter answers it (unexpected ones are logged and become server_error). */
function answerError(error: unknown, route: HotRoute, request: IncomingMessage, response: ServerResponse, context: HotContext): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const rendered = renderOAuthError(error, { id: (request as { id?: unknown }).id, path: route.path });
  for (const [name, value] of rendered.headers) response.setHeader(name, value);
  sendJson(response, rendered.status, rendered.body);
}
