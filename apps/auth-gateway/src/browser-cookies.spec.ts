import { parseCookieHeader } from './browser-cookies';

describe('parseCookieHeader', () => {
  it('reads name=value pairs separated by "; " and unquotes a quoted value', () => {
    expect({ ...parseCookieHeader('ra_session_ab=xY_-09; ra_tx_cd="q1"') }).toEqual({ ra_session_ab: 'xY_-09', ra_tx_cd: 'q1' });
  });

  it('never turns a j: value into JSON (cookie-parser did, and hashing the object was a 500): a string, or ignored', () => {
    expect({ ...parseCookieHeader('ra_session_ab=j:{"a":1}; ra_tx_cd=j:[1]') }).toEqual({ ra_tx_cd: 'j:[1]' });
    expect(parseCookieHeader('ra_session_ab=j:1').ra_session_ab).toBe('j:1');
  });

  it('ignores malformed pairs and keeps the first of a repeated name', () => {
    const cookies = parseCookieHeader('novalue; =empty; bad name=1; a=1; a=2; b=x y; c=%zz; d=\u00e9; e');
    expect({ ...cookies }).toEqual({ a: '1', c: '%zz' });
  });

  it('has no prototype: __proto__ and constructor are ordinary names', () => {
    const cookies = parseCookieHeader('__proto__=p; constructor=c');
    expect(Object.getPrototypeOf(cookies)).toBeNull();
    expect(cookies.__proto__).toBe('p');
    expect(cookies.constructor).toBe('c');
    expect(parseCookieHeader('x=1').toString).toBeUndefined();
  });

  it('answers an empty map without a header', () => {
    expect({ ...parseCookieHeader(undefined) }).toEqual({});
    expect({ ...parseCookieHeader('') }).toEqual({});
  });
});
