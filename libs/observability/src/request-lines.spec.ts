import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRootLogger } from './root-logger';
import { requestLines } from './request-lines';

function capture(level: 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const root = createRootLogger(level, { write: (line: string) => lines.push(line) });
  return { parsed: () => lines.map((line) => JSON.parse(line)), requestLog: requestLines(root, 'gateway') };
}

function exchange(url: string, headers: Record<string, string> = {}) {
  const request = { method: 'POST', url, headers: { 'user-agent': 'agent/1', ...headers }, socket: { remoteAddress: '192.0.2.7' } } as unknown as IncomingMessage & { id?: string };
  const response = Object.assign(new EventEmitter(), { statusCode: 200, headersSent: false }) as unknown as ServerResponse & EventEmitter;
  const answer = (status: number) => {
    Object.assign(response, { statusCode: status, headersSent: true });
    response.emit('finish');
    response.emit('close');
  };
  return { request, response, answer };
}

describe('request lines', () => {
  it('are not written above info', () => {
    expect(capture('warn').requestLog).toBeUndefined();
  });

  it('write one line when the response has ended: id, method, redacted URL, agent, address, status, time, app', () => {
    const { parsed, requestLog } = capture();
    const { request, response, answer } = exchange('/oauth/token?code=secret-code');
    requestLog!.watch(request, response);
    expect(parsed()).toEqual([]);
    answer(200);
    const [line] = parsed();
    expect(line).toMatchObject({
      level: 30,
      app: 'gateway',
      msg: 'request completed',
      req: { id: request.id, method: 'POST', url: '/oauth/token?code=%5Bredacted%5D', userAgent: 'agent/1', remoteAddress: '192.0.2.7' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      time: expect.any(String),
    });
    expect(parsed()).toHaveLength(1);
  });

  it('keep a plain incoming X-Request-Id, and draw distinct ids otherwise', () => {
    const { requestLog } = capture();
    const given = exchange('/oauth/token', { 'x-request-id': 'proxy-7.a_b' });
    const other = exchange('/oauth/token', { 'x-request-id': 'not plain!' });
    const third = exchange('/oauth/token');
    for (const { request, response } of [given, other, third]) requestLog!.watch(request, response);
    expect(given.request.id).toBe('proxy-7.a_b');
    expect(other.request.id).toMatch(/^[\w-]+-[0-9a-z]+$/);
    expect(third.request.id).not.toBe(other.request.id);
  });

  it('log a 5xx as "request errored", a response error once, and no line for /health', () => {
    const { parsed, requestLog } = capture();
    const failed = exchange('/oauth/introspect');
    requestLog!.watch(failed.request, failed.response);
    failed.answer(503);
    const broken = exchange('/oauth/token');
    requestLog!.watch(broken.request, broken.response);
    broken.response.emit('error', new Error('write after end'));
    broken.response.emit('close');
    const health = exchange('/health');
    requestLog!.watch(health.request, health.response);
    health.answer(200);
    expect(parsed().map((line) => [line.msg, line.res.statusCode, line.err?.message])).toEqual([
      ['request errored', 503, 'failed with status code 503'],
      ['request errored', null, 'write after end'],
    ]);
    expect(health.request.id).toEqual(expect.any(String));
  });

  it('write the line of a begun request once it is answered, without listening to the response', () => {
    const { parsed, requestLog } = capture();
    const served = exchange('/oauth/introspect?token=secret-token', { 'x-request-id': 'hot-1' });
    const startedAt = requestLog!.begin(served.request);
    expect(served.request.id).toBe('hot-1');
    expect(served.response.listenerCount('close') + served.response.listenerCount('error')).toBe(0);
    Object.assign(served.response, { statusCode: 200, headersSent: true });
    requestLog!.answered(served.request, served.response, startedAt);
    const failed = exchange('/oauth/token');
    const failedAt = requestLog!.begin(failed.request);
    Object.assign(failed.response, { statusCode: 500, headersSent: true });
    requestLog!.answered(failed.request, failed.response, failedAt);
    expect(parsed().map((line) => [line.msg, line.req.id, line.req.url, line.res.statusCode, line.err?.message])).toEqual([
      ['request completed', 'hot-1', '/oauth/introspect?token=%5Bredacted%5D', 200, undefined],
      ['request errored', failed.request.id, '/oauth/token', 500, 'failed with status code 500'],
    ]);
  });

  it('show each request its own fields when consecutive requests differ', () => {
    const { parsed, requestLog } = capture();
    const requests = [
      exchange('/oauth/token?code=one', { 'user-agent': 'a/1' }),
      exchange('/oauth/token?code=one', { 'user-agent': 'a/1' }),
      exchange('/oauth/introspect', { 'user-agent': 'b/2' }),
      exchange('/oauth/token?code=one', {}),
    ];
    Object.assign(requests[2].request.socket, { remoteAddress: '198.51.100.1' });
    for (const { request, response, answer } of requests) {
      requestLog!.watch(request, response);
      answer(200);
    }
    expect(parsed().map(({ req }) => [req.url, req.userAgent, req.remoteAddress])).toEqual([
      ['/oauth/token?code=%5Bredacted%5D', 'a/1', '192.0.2.7'],
      ['/oauth/token?code=%5Bredacted%5D', 'a/1', '192.0.2.7'],
      ['/oauth/introspect', 'b/2', '198.51.100.1'],
      ['/oauth/token?code=%5Bredacted%5D', 'agent/1', '192.0.2.7'],
    ]);
  });

  it.each([
    ['an agent to escape', { 'user-agent': 'quote " and \\ and \u2028' }, '192.0.2.7'],
    ['no agent and no address', { 'user-agent': undefined as unknown as string }, undefined],
  ])("write the line as pino writes the same fields (%s): one JSON object with the root logger's bindings", (_, headers, address) => {
    const lines: string[] = [];
    const root = createRootLogger('info', { write: (line: string) => lines.push(line) });
    const { request, response, answer } = exchange('/oauth/token?state=s&x=1', headers);
    Object.assign(request.socket, { remoteAddress: address });
    requestLines(root, 'gateway')!.watch(request, response);
    answer(401);
    root.child({ app: 'gateway' }).info({ req: request, res: response, responseTime: 0 }, 'request completed');
    const [ours, pinos] = lines.map((line) => JSON.parse(line));
    expect(lines.every((line) => line.endsWith('}\n'))).toBe(true);
    expect(Object.keys(ours)).toEqual(Object.keys(pinos));
    expect(Object.keys(ours.req)).toEqual(Object.keys(pinos.req));
    expect({ ...ours, time: '', responseTime: 0 }).toEqual({ ...pinos, time: '' });
  });
});
