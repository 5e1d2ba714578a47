import { EqualityFilter, FilterParser, type AndFilter } from 'ldapts';
import { escapeFilterValue, fillUserFilter, plausibleUsername } from './ldap-filter';

describe('escapeFilterValue (RFC 4515 §3)', () => {
  it('escapes the filter metacharacters and NUL', () => {
    expect(escapeFilterValue('*)(uid=*))(|(uid=*')).toBe('\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\u0000c')).toBe('a\\5cb\\00c');
    expect(escapeFilterValue('plain Ünïcode')).toBe('plain Ünïcode');
  });

  it('keeps an injected filter a single equality match on the whole input', () => {
    for (const username of ['bob)(|(uid=alice', '*', '*)(uid=*))(|(uid=*']) {
      const filter = FilterParser.parseString(fillUserFilter('(&(objectClass=person)(uid={username}))', username)) as AndFilter;
      expect(filter.filters).toHaveLength(2);
      expect(filter.filters[1]).toBeInstanceOf(EqualityFilter);
      expect(filter.filters[1]).toMatchObject({ attribute: 'uid', value: username });
    }
  });
});

describe('plausibleUsername', () => {
  it('refuses blank, control characters and over-long names', () => {
    expect(plausibleUsername('alice')).toBe(true);
    expect(plausibleUsername('a'.repeat(256))).toBe(true);
    for (const name of ['', '   ', 'a\u0000', 'a\nb', 'a'.repeat(257)]) expect(plausibleUsername(name)).toBe(false);
  });
});
