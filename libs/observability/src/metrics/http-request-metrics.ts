import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Metrics } from './metrics';

/** The route label of a request no route took (404s, body-parser refusals, static files): never its raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

type RoutedRequest = IncomingMessage & { baseUrl?: string; route?: { path?: unknown } };

/**
 * Express middleware timing each answered request of one app into
 * `rapidauth_http_request_duration_seconds`, labelled with the template of the route that took it
 * (Express's `req.route`, set once the router matched), so `/v1/organizations/:id` stays one series
 * whatever the id. First in the chain: refusals of the body parsers count too.
 */
export function httpRequestMetrics(metrics: Metrics, app: string) {
  return (request: RoutedRequest, response: ServerResponse, next: () => void): void => {
    const startedAt = performance.now();
    response.once('finish', () => metrics.httpRequest(app, request.method ?? 'GET', routeOf(request), response.statusCode, (performance.now() - startedAt) / 1000));
    next();
  };
}

function routeOf(request: RoutedRequest): string {
  const path = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : UNMATCHED_ROUTE;
}
