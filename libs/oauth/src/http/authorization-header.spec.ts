import { InvalidClientError, InvalidTokenError } from '../errors';
import { authorizationScheme, basicCredentials, bearerToken } from './authorization-header';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const form = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

function basicError(header: string | undefined): InvalidClientError {
  try {
    basicCredentials(header);
  } catch (error) {
    return error as InvalidClientError;
  }
  throw new Error(`accepted ${JSON.stringify(header)}`);
}

describe('authorizationScheme', () => {
  it.each([
    ['Basic Zm9vOmJhcg==', 'basic'],
    ['basic Zm9vOmJhcg==', 'basic'],
    ['BASIC Zm9vOmJhcg==', 'basic'],
    ['Basic   Zm9vOmJhcg==', 'basic'],
    ['Basic ', 'basic'],
    ['Bearer abc', 'bearer'],
    ['bEaReR abc', 'bearer'],
    ['Digest username="a"', 'other'],
    ['Basicx Zm9v', 'other'],
  ])('reads the scheme of %j as %s (RFC 7235 §2.1: case-insensitive, then spaces)', (header, scheme) => {
    expect(authorizationScheme(header)).toBe(scheme);
  });

  it.each([undefined, '', 'Basic', 'Bearer', ' Basic Zm9v', 'Basic\tZm9vOmJhcg==', 'Bearer\u00a0abc'])('finds no credentials in %j', (header) => {
    expect(authorizationScheme(header)).toBeUndefined();
  });
});

describe('basicCredentials', () => {
  it('decodes the form-urlencoded id and secret after Base64 (RFC 6749 §2.3.1)', () => {
    expect(basicCredentials(`Basic ${b64('my+app:s%3Acret+x')}`)).toEqual({ clientId: 'my app', clientSecret: 's:cret x' });
  });

  it('keeps a percent-encoded colon in the id inside the id', () => {
    expect(basicCredentials(`Basic ${b64(`${form('org:app')}:${form('pa:ss')}`)}`)).toEqual({ clientId: 'org:app', clientSecret: 'pa:ss' });
  });

  it('accepts any case of the scheme, several spaces, and an empty secret', () => {
    expect(basicCredentials(`bAsIc    ${b64('app:')}  `)).toEqual({ clientId: 'app', clientSecret: '' });
  });

  it('decodes non-ASCII ids and secrets as UTF-8, encoded or raw', () => {
    expect(basicCredentials(`Basic ${b64(`${form('äpp')}:${form('sécret✓')}`)}`)).toEqual({ clientId: 'äpp', clientSecret: 'sécret✓' });
    expect(basicCredentials(`Basic ${b64('äpp:sécret✓')}`)).toEqual({ clientId: 'äpp', clientSecret: 'sécret✓' });
  });

  it('decodes very long credentials', () => {
    const secret = 'x'.repeat(50_000);
    expect(basicCredentials(`Basic ${b64(`app:${secret}`)}`).clientSecret).toBe(secret);
  });

  it.each([
    ['an absent header', undefined],
    ['an empty header', ''],
    ['no credentials', 'Basic '],
    ['another scheme', `Bearer ${b64('app:secret')}`],
    ['no colon', `Basic ${b64('app')}`],
    ['an empty id', `Basic ${b64(':secret')}`],
    ['characters outside Base64', `Basic ${b64('app:secret').slice(0, 4)}!${b64('app:secret').slice(4)}`],
    ['base64url', `Basic ${Buffer.from('app:sec>>?', 'utf8').toString('base64url')}`],
    ['padding in the middle', 'Basic Zm9v=Og=='],
    ['a broken percent escape in the id', `Basic ${b64('app%zz:secret')}`],
    ['a broken percent escape in the secret', `Basic ${b64('app:secret%')}`],
    ['two credentials', `Basic ${b64('a:b')} ${b64('c:d')}`],
    ['a non-ASCII header', 'Basic Zm9v\u00e9Og=='],
  ])('refuses %s as malformed: invalid_client with a Basic challenge', (_label, header) => {
    const error = basicError(header);
    expect(error).toBeInstanceOf(InvalidClientError);
    expect(error).toMatchObject({ error: 'invalid_client', status: 401, description: 'malformed HTTP Basic credentials', basicChallenge: true });
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.DEF-123_~+/==', 'abc.DEF-123_~+/=='],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['Bearer    abc  ', 'abc'],
  ])('reads the b64token of %j (RFC 6750 §2.1)', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it('reads a very long token whole', () => {
    const token = `${'a'.repeat(20_000)}.b.c`;
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer   ', 'Basic Zm9vOmJhcg==', 'Token abc', 'Bearerabc'])('finds no token in %j', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });

  it.each([
    ['an inner space', 'Bearer abc def'],
    ['padding in the middle', 'Bearer ab=c'],
    ['a quote', 'Bearer "abc"'],
    ['a comma', 'Bearer abc,def'],
    ['non-ASCII', 'Bearer t\u00f6ken'],
  ])('refuses a token with %s as invalid_token', (_label, header) => {
    expect(() => bearerToken(header)).toThrow(InvalidTokenError);
  });
});
