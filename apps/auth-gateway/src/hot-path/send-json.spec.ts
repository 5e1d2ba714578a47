import { once } from 'node:events';
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { sendJson } from './send-json';

/** The raw head and body a listener answers. */
async function rawAnswer(listener: RequestListener): Promise<{ head: string[]; body: string }> {
  const server: Server = createServer(listener).listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
      httpRequest({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST', headers: { connection: 'close' } }, resolve).on('error', reject).end(),
    );
    let body = '';
    for await (const chunk of response) body += chunk;
    const head = [`${response.statusCode} ${response.statusMessage}`];
    for (let i = 0; i < response.rawHeaders.length; i += 2) {
      if (response.rawHeaders[i] !== 'Date') head.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
    }
    return { head, body };
  } finally {
    server.close();
  }
}

describe('sendJson', () => {
  it("writes exactly what the gateway's Express (ETag off) writes for response.status().json(), after the headers already set", async () => {
    for (const [status, body] of [
      [200, { access_token: 'a.b.c', token_type: 'Bearer', expires_in: 3600 }],
      [400, { error: 'invalid_request', error_description: 'é €', code: 'X' }],
      [503, 'text body'],
      [200, { big: 'x'.repeat(5000) }],
    ] as const) {
      const expressAnswer = await rawAnswer(
        express()
          .disable('x-powered-by')
          .set('etag', false)
          .use((_request, response) => {
            response.setHeader('Pragma', 'no-cache');
            response.status(status).json(body);
          }),
      );
      const ours = await rawAnswer((_request, response) => {
        response.setHeader('Pragma', 'no-cache');
        sendJson(response, status, body);
      });
      expect(ours).toEqual(expressAnswer);
    }
  });
});
