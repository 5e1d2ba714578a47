import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the provider saw it. */
export interface ReceivedSms {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the receiver answers: `ok` (202), `fail` (500), `redirect` (307 elsewhere) or `hang` (never). */
export type SmsReceiverMode = 'ok' | 'fail' | 'redirect' | 'hang';

/**
 * A stand-in for an SMS provider's HTTP API: a node:http server on 127.0.0.1, port 0, recording
 * every request (headers and body) and answering as `mode` says.
 */
export class SmsReceiver {
  readonly requests: ReceivedSms[] = [];
  mode: SmsReceiverMode = 'ok';
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<SmsReceiver> {
    let receiver: SmsReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => receiver?.answer({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }, response));
    });
    receiver = new SmsReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The endpoint for SMS_PROVIDER_URL. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/messages`;
  }

  async close(): Promise<void> {
    this.hanging.forEach((response) => response.destroy());
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: ReceivedSms, response: ServerResponse): void {
    this.requests.push(request);
    switch (this.mode) {
      case 'hang':
        this.hanging.add(response);
        return;
      case 'fail':
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"provider down"}');
        return;
      case 'redirect':
        response.writeHead(307, { location: 'http://127.0.0.1:9/elsewhere' }).end();
        return;
      default:
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"queued"}');
    }
  }
}
