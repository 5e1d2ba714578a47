import { ConnectorError } from '../connectors.errors';
import { toUpstreamIdentity, toWireTokens } from './adaptor-identity';

const codeOf = (body: unknown) => {
  try {
    toUpstreamIdentity(body);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    return error.code;
  }
};

describe('the identity of an adaptor answer', () => {
  it('takes id as the providerUid, with username, email, attributes and tokens', () => {
    expect(
      toUpstreamIdentity({
        id: 'u-1',
        username: 'alice',
        email: 'alice@example.com',
        attributes: { groups: ['staff'], department: 'R&D' },
        tokens: { session: { value: 'abc', expiresAt: 1_772_366_400 }, sso: { value: 'cookie' } },
        extra: 'ignored',
      }),
    ).toEqual({
      providerUid: 'u-1',
      username: 'alice',
      email: 'alice@example.com',
      attributes: { groups: ['staff'], department: 'R&D' },
      tokens: { session: { value: 'abc', expiresAt: new Date('2026-03-01T12:00:00Z') }, sso: { value: 'cookie' } },
    });
  });

  it('needs only the id; null optional fields count as absent', () => {
    expect(toUpstreamIdentity({ id: 'u-1', username: null, email: null, attributes: null, tokens: null })).toEqual({ providerUid: 'u-1', attributes: {} });
  });

  it.each([
    ['not an object', ['u-1']],
    ['no id', { username: 'alice' }],
    ['an empty id', { id: '' }],
    ['a blank id', { id: '   ' }],
    ['a numeric id', { id: 42 }],
    ['an id of 256 characters', { id: 'x'.repeat(256) }],
    ['a NUL in the id', { id: 'u\u00001' }],
    ['a control character in the username', { id: 'u-1', username: 'al\nice' }],
    ['an email without @', { id: 'u-1', email: 'alice' }],
    ['attributes as a list', { id: 'u-1', attributes: ['staff'] }],
    ['101 attributes', { id: 'u-1', attributes: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`a${i}`, i])) }],
    ['an empty attribute name', { id: 'u-1', attributes: { '': 1 } }],
    ['a NUL inside an attribute value', { id: 'u-1', attributes: { nested: { list: ['ok', 'n\u0000ul'] } } }],
    ['attributes nested too deep', { id: 'u-1', attributes: { a: [[[[[[[[[1]]]]]]]]] } }],
    ['tokens as a string', { id: 'u-1', tokens: 'abc' }],
    ['a token without a value', { id: 'u-1', tokens: { session: { expiresAt: 1 } } }],
    ['a token named with a space', { id: 'u-1', tokens: { 'my token': { value: 'v' } } }],
    ['a token expiry as a date string', { id: 'u-1', tokens: { session: { value: 'v', expiresAt: '2026-03-01' } } }],
    ['17 tokens', { id: 'u-1', tokens: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`t${i}`, { value: 'v' }])) }],
  ])('refuses %s as UPSTREAM_REJECTED', (_case, body) => {
    expect(codeOf(body)).toBe('UPSTREAM_REJECTED');
  });

  it('accepts attributes exactly at the bounds', () => {
    expect(codeOf({ id: 'x'.repeat(255), attributes: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, { deep: [[[[[1]]]]] }])) })).toBeUndefined();
  });

  it('sends stored tokens back with expiresAt in unix seconds', () => {
    expect(
      toWireTokens({ providerUid: 'u-1', tokens: { session: { value: 'abc', expiresAt: new Date('2026-03-01T12:00:00.750Z') }, sso: { value: 'c' } } }),
    ).toEqual({ session: { value: 'abc', expiresAt: 1_772_366_400 }, sso: { value: 'c' } });
    expect(toWireTokens({ providerUid: 'u-1' })).toEqual({});
  });
});
