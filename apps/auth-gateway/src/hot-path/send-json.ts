import type { ServerResponse } from 'node:http';

/** Express's compiled `etag fn` setting (weak ETags by default). */
export type EtagFunction = (body: Buffer, encoding?: BufferEncoding) => string | undefined;

/**
 * Writes `body` as Express's `response.status(status).json(body)` does: JSON.stringify'd (the app
 * sets no replacer, spaces or escaping), Content-Type application/json with charset, Content-Length,
 * then the ETag of the app's `etag fn`, headers in that order after any already set.
 */
export function sendJson(response: ServerResponse, status: number, body: unknown, etag: EtagFunction | undefined): void {
  const chunk = Buffer.from(JSON.stringify(body), 'utf8');
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', String(chunk.length));
  const tag = etag?.(chunk);
  if (tag) response.setHeader('ETag', tag);
  response.end(chunk);
}
