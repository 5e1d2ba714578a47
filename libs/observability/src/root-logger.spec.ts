import { stdTimeFunctions } from 'pino';
import { createRootLogger, isoTimeOncePerMillisecond } from './root-logger';

describe('the root logger', () => {
  it("writes pino's ISO time, formatted once per millisecond", () => {
    const time = isoTimeOncePerMillisecond();
    const before = stdTimeFunctions.isoTime();
    const first = time();
    expect(time()).toBe(first);
    expect(first >= before && first <= stdTimeFunctions.isoTime()).toBe(true);
  });

  it('logs a request as method, redacted URL, agent, address and id, a response as its status: no headers', () => {
    const lines: string[] = [];
    const logger = createRootLogger('info', { write: (line: string) => lines.push(line) });
    const req = {
      id: 'r-1',
      method: 'GET',
      url: '/v3/oauth/auth?client_id=a&login_tx=tx-secret',
      headers: { 'user-agent': 'ua', cookie: 'sid=secret-cookie', authorization: 'Basic c2VjcmV0' },
      socket: { remoteAddress: '192.0.2.1' },
    };
    const res = { headersSent: true, statusCode: 303, getHeaders: () => ({ location: 'https://app/cb?code=secret-code' }) };
    logger.info({ req, res, responseTime: 3 }, 'request completed');
    const line = JSON.parse(lines[0]);
    expect(line.req).toEqual({ id: 'r-1', method: 'GET', url: '/v3/oauth/auth?client_id=a&login_tx=%5Bredacted%5D', userAgent: 'ua', remoteAddress: '192.0.2.1' });
    expect(line.res).toEqual({ statusCode: 303 });
    expect(lines[0]).not.toMatch(/secret/);
  });
});
