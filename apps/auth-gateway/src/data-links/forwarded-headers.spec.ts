import { forwardedRequestHeaders, isReservedHeader, returnedResponseHeaders } from './forwarded-headers';

describe('data-link forwarded headers', () => {
  it('drops hop-by-hop fields, those Connection names, credentials, forwarding fields and mapped names', () => {
    const forwarded = forwardedRequestHeaders(
      {
        connection: 'keep-alive, X-Hop',
        'x-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        te: 'trailers',
        upgrade: 'websocket',
        'proxy-authorization': 'Basic eDp5',
        authorization: 'DPoP abc',
        dpop: 'eyJ.proof.sig',
        cookie: 'a=b',
        host: 'gateway.example',
        forwarded: 'for=10.0.0.1',
        'x-forwarded-for': '10.0.0.1',
        'x-kinvey-auth': 'spoofed',
        'content-type': 'application/json',
        'content-length': '9',
        accept: 'application/json',
      },
      new Set(['x-kinvey-auth']),
    );
    expect(forwarded).toEqual({ 'content-type': 'application/json', 'content-length': '9', accept: 'application/json' });
  });

  it('returns the answer without hop-by-hop fields, those Connection names and Set-Cookie', () => {
    const returned = returnedResponseHeaders({
      connection: 'close, x-internal',
      'x-internal': 'secret',
      'set-cookie': ['a=b'],
      'transfer-encoding': 'chunked',
      'content-type': 'text/plain',
      etag: '"1"',
    });
    expect(returned).toEqual({ 'content-type': 'text/plain', etag: '"1"' });
  });

  it.each([
    ['Host', true],
    ['Content-Length', true],
    ['Transfer-Encoding', true],
    ['Connection', true],
    ['X-Kinvey-Auth', false],
    ['Authorization', false],
  ])('%s reserved for the framing: %s', (name, reserved) => {
    expect(isReservedHeader(name)).toBe(reserved);
  });
});
