import { attributeValue, headerValue, mappedHeaders, usableMappings } from './mapped-headers';

const sources = {
  tokens: { client_token: { value: 'tok-é' }, groups: { value: 'from-vault' } },
  profile: { groups: ['a', 'b'], age: 42, name: 'Rita' },
};

describe('data-link mapped headers', () => {
  it('takes an upstream token before a profile attribute of the same name', () => {
    expect(attributeValue('groups', sources)).toBe('from-vault');
    expect(attributeValue('name', sources)).toBe('Rita');
    expect(attributeValue('toString', sources)).toBeUndefined();
    expect(attributeValue('missing', { tokens: undefined, profile: {} })).toBeUndefined();
  });

  it('encodes strings as UTF-8 Base64 and anything else as the Base64 of its JSON', () => {
    expect(headerValue('tok-é')).toBe(Buffer.from('tok-é', 'utf8').toString('base64'));
    expect(headerValue(['a', 'b'])).toBe(Buffer.from('["a","b"]').toString('base64'));
    expect(headerValue(42)).toBe(Buffer.from('42').toString('base64'));
    expect(headerValue({ n: 1 })).toBe(Buffer.from('{"n":1}').toString('base64'));
  });

  it('sets one lower-case header per mapping whose attribute the login has', () => {
    const headers = mappedHeaders(
      [
        { attribute: 'client_token', header: 'X-Kinvey-Auth' },
        { attribute: 'age', header: 'X-Age' },
        { attribute: 'missing', header: 'X-Missing' },
      ],
      sources,
    );
    expect(headers).toEqual({ 'x-kinvey-auth': Buffer.from('tok-é').toString('base64'), 'x-age': Buffer.from('42').toString('base64') });
  });

  it('skips stored entries that are malformed or name a framing header', () => {
    expect(usableMappings(undefined)).toEqual([]);
    expect(
      usableMappings([
        { attribute: 'a', header: 'X-A' },
        { attribute: 'a', header: 'Host' },
        { attribute: 'a', header: 'X B' },
        { attribute: 1, header: 'X-C' },
        null,
      ]),
    ).toEqual([{ attribute: 'a', header: 'X-A' }]);
  });
});
