import type { ServerResponse } from 'node:http';

/**
 * Writes `body` as Express's `response.status(status).json(body)` does in the gateway (no ETag:
 * gateway.app.ts): JSON.stringify'd (the app sets no replacer, spaces or escaping), Content-Type
 * application/json with charset and Content-Length, in that order after any header already set.
 */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const chunk = Buffer.from(JSON.stringify(body), 'utf8');
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', String(chunk.length));
  response.end(chunk);
}
