import type { ServerResponse } from 'node:http';

/**
 * Writes `body` as Express's `response.status(status).json(body)` does in the gateway (no ETag:
 * gateway.app.ts): JSON.stringify'd (the app sets no replacer, spaces or escaping), Content-Type
 * application/json with charset and Content-Length, in that order after any header already set.
 * Ended with the string, not a Buffer: node:http then joins head and body into one chunk of the
 * socket's (corked) writev instead of queueing them apart (the write was a tenth of the token
 * endpoint's CPU profile, BENCHMARKS.md).
 */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', String(Buffer.byteLength(json, 'utf8')));
  response.end(json, 'utf8');
}
