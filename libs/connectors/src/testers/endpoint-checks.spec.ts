import { noAnswer, timedCheck } from './endpoint-checks';

describe('endpoint checks', () => {
  it('names a timeout, or the system error code of a failed connection, never anything else of the error', () => {
    expect(noAnswer({ name: 'TimeoutError' }, 'the token endpoint', 5000)).toBe('the token endpoint did not answer within 5000 ms');
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }) });
    expect(noAnswer(refused, 'the token endpoint')).toBe('the token endpoint cannot be reached (ECONNREFUSED)');
    const odd = Object.assign(new TypeError('fetch failed'), { cause: { code: 'https://user:secret@host/' } });
    expect(noAnswer(odd, 'the WRAP API')).toBe('the WRAP API cannot be reached');
  });

  it('times a check and passes its outcome through', async () => {
    await expect(timedCheck('tokenEndpoint', async () => [false, 'seen'])).resolves.toEqual({ name: 'tokenEndpoint', ok: false, detail: 'seen', ms: expect.any(Number) });
  });
});
