import fc from 'fast-check';
import { InvalidRequestError, type OAuthError } from '../errors';
import { hasControlCharacters, pickParameters, readParameters, requireParameters } from './token-parameters';

/** The error `run` throws (fails the test when it throws nothing or something else). */
function refusal(run: () => unknown): OAuthError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as OAuthError;
  }
  throw new Error('expected an InvalidRequestError');
}

/** RFC 6749 Appendix A: no control character but tab; DEL too. C1 and other unicode are allowed. */
const isControl = (char: string) => {
  const code = char.charCodeAt(0);
  return (code < 0x20 && code !== 0x09) || code === 0x7f;
};

describe('readParameters', () => {
  it.each([null, undefined, 'grant_type=client_credentials', 42, true, [], [['grant_type', 'client_credentials']]])(
    'refuses a body that is not a parsed form (%p) with MALFORMED_REQUEST',
    (body) => {
      const error = refusal(() => readParameters(body));
      expect([error.error, error.status, error.code]).toEqual(['invalid_request', 400, 'MALFORMED_REQUEST']);
    },
  );

  it('returns the string fields of the form, keeping their order', () => {
    expect(Object.entries(readParameters({ grant_type: 'client_credentials', scope: 'a b', client_id: 'ak_1' }))).toEqual([
      ['grant_type', 'client_credentials'],
      ['scope', 'a b'],
      ['client_id', 'ak_1'],
    ]);
    expect(readParameters({})).toEqual({});
  });

  it('drops empty values, so an empty parameter counts as absent (RFC 6749 §3.1)', () => {
    const params = readParameters({ grant_type: 'client_credentials', scope: '', client_secret: '' });
    expect(params).toEqual({ grant_type: 'client_credentials' });
    expect(refusal(() => requireParameters(params, ['scope'])).code).toBe('MISSING_PARAMETER');
  });

  it.each([
    ['a repeated field (the parser gives an array)', { scope: ['a', 'b'] }],
    ['a field repeated with the same value', { scope: ['a', 'a'] }],
    ['an array of one', { scope: ['a'] }],
    ['an empty array', { scope: [] }],
    ['a bracketed field (the parser gives an object)', { scope: { 0: 'a' } }],
    ['a number', { scope: 1 }],
    ['null', { scope: null }],
  ])('refuses %s with DUPLICATE_PARAMETER naming it (RFC 6749 §3.2)', (_, body) => {
    const error = refusal(() => readParameters({ grant_type: 'client_credentials', ...body }));
    expect([error.error, error.code]).toEqual(['invalid_request', 'DUPLICATE_PARAMETER']);
    expect(error.description).toContain('scope');
  });

  it('reports the first offending field in form order', () => {
    expect(refusal(() => readParameters({ a: 'x'.repeat(4097), b: ['1', '2'] })).code).toBe('INVALID_PARAMETER');
    expect(refusal(() => readParameters({ b: ['1', '2'], a: 'x'.repeat(4097) })).code).toBe('DUPLICATE_PARAMETER');
  });

  it('accepts a value of 4096 UTF-16 code units and refuses 4097 with INVALID_PARAMETER naming it', () => {
    expect(readParameters({ code: 'x'.repeat(4096) }).code).toHaveLength(4096);
    // The limit counts code units: an astral character is two.
    expect(readParameters({ code: '😀'.repeat(2048) }).code).toHaveLength(4096);
    for (const value of ['x'.repeat(4097), '😀'.repeat(2048) + 'x', 'é'.repeat(5000)]) {
      const error = refusal(() => readParameters({ code: value }));
      expect([error.error, error.code]).toEqual(['invalid_request', 'INVALID_PARAMETER']);
      expect(error.description).toContain('code');
      expect(error.description).not.toContain(value.slice(0, 20));
    }
  });

  it('keeps control characters and unicode (pickParameters refuses them where they matter)', () => {
    expect(readParameters({ username: 'a\u0000b', scope: 'é 😀', note: '\r\n' })).toEqual({ username: 'a\u0000b', scope: 'é 😀', note: '\r\n' });
  });

  it('does not let a __proto__ field change the parameters object', () => {
    const params = readParameters(JSON.parse('{"__proto__":"x","grant_type":"password"}'));
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.keys(params)).toEqual(['grant_type']);
  });

  it('returns exactly the non-empty string fields of any form of strings of at most 4096 units', () => {
    const name = fc.string({ maxLength: 12 }).map((text) => (text === '__proto__' ? 'proto' : text));
    const form = fc.dictionary(name, fc.string({ unit: 'binary', maxLength: 60 }));
    fc.assert(
      fc.property(form, (body) => {
        expect(readParameters(body)).toEqual(Object.fromEntries(Object.entries(body).filter(([, value]) => value !== '')));
      }),
    );
  });
});

describe('hasControlCharacters', () => {
  it.each(['\u0000', '\u0001', '\u0008', '\n', '\u000b', '\r', '\u001b', '\u001f', '\u007f', 'abc\u0000', 'a\r\nb'])('finds %j', (value) => {
    expect(hasControlCharacters(value)).toBe(true);
  });

  it.each(['', 'abc', '\t', 'a\tb', ' ', '~', '\u0080', '\u0085', '\u00a0', '\u2028', '\ufeff', 'é', '😀', '\ud800'])('allows %j', (value) => {
    expect(hasControlCharacters(value)).toBe(false);
  });

  it('is true exactly when a character is below U+0020 but tab, or is DEL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (value) => {
        expect(hasControlCharacters(value)).toBe([...value].some(isControl));
      }),
    );
  });
});

describe('pickParameters', () => {
  it('returns only the named parameters that are present, in the order of the names', () => {
    const params = { scope: 'a', grant_type: 'client_credentials', extra: 'x' };
    expect(Object.entries(pickParameters(params, ['grant_type', 'scope', 'code']))).toEqual([
      ['grant_type', 'client_credentials'],
      ['scope', 'a'],
    ]);
    expect(pickParameters(params, [])).toEqual({});
  });

  it('ignores control characters in parameters it does not read (RFC 6749 §3.2)', () => {
    expect(pickParameters({ grant_type: 'password', other: 'a\u0000b' }, ['grant_type'])).toEqual({ grant_type: 'password' });
  });

  it.each(['a\u0000b', '\r\n', 'x\u001b[31m', 'x\u007f'])('refuses the control characters in a named parameter (%j) with INVALID_PARAMETER', (value) => {
    const error = refusal(() => pickParameters({ grant_type: 'password', username: value }, ['grant_type', 'username']));
    expect([error.error, error.status, error.code]).toEqual(['invalid_request', 400, 'INVALID_PARAMETER']);
    expect(error.description).toContain('username');
  });

  it('allows tab and unicode in a named parameter', () => {
    expect(pickParameters({ password: 'a\tb é 😀 \u0085' }, ['password'])).toEqual({ password: 'a\tb é 😀 \u0085' });
  });

  it('picks the named parameters without control characters, and refuses when a named one has one', () => {
    const value = fc.string({ unit: 'binary', maxLength: 10 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value), fc.subarray(['a', 'b', 'c']), (params, names) => {
        const named = names.filter((name) => params[name] !== undefined);
        if (named.some((name) => [...params[name]].some(isControl))) {
          expect(refusal(() => pickParameters(params, names)).code).toBe('INVALID_PARAMETER');
        } else {
          expect(pickParameters(params, names)).toEqual(Object.fromEntries(named.map((name) => [name, params[name]])));
        }
      }),
    );
  });
});

describe('requireParameters', () => {
  it('passes when every name is present', () => {
    expect(() => requireParameters({ code: 'c', redirect_uri: 'r', extra: 'x' }, ['code', 'redirect_uri'])).not.toThrow();
    expect(() => requireParameters({}, [])).not.toThrow();
  });

  it('refuses with MISSING_PARAMETER naming every missing parameter, in the order given', () => {
    const error = refusal(() => requireParameters({ redirect_uri: 'r' }, ['code', 'redirect_uri', 'code_verifier']));
    expect([error.error, error.status, error.code]).toEqual(['invalid_request', 400, 'MISSING_PARAMETER']);
    expect(error.description).toContain('code, code_verifier');
    expect(error.description).not.toContain('redirect_uri');
  });
});
