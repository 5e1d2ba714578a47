import { IdentityError } from '../identity.errors';
import { normalizeEmail } from './email-address';

function refusal(raw: unknown): IdentityError {
  try {
    normalizeEmail(raw);
  } catch (error) {
    return error as IdentityError;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('normalizeEmail', () => {
  it.each([
    ['  Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com'],
    ['a+tag@mail.example.co.uk', 'a+tag@mail.example.co.uk'],
    ["o'brien@example.org", "o'brien@example.org"],
    ['x@xn--bcher-kva.example', 'x@xn--bcher-kva.example'],
  ])('%j → %j', (raw, normalized) => {
    expect(normalizeEmail(raw)).toBe(normalized);
  });

  it.each([
    '',
    '   ',
    'plain',
    '@example.com',
    'ada@',
    'ada@localhost',
    'ada@@example.com',
    'ada@exa mple.com',
    'ada lovelace@example.com',
    'ada..x@example.com',
    '.ada@example.com',
    'ada@-example.com',
    'ada@example..com',
    'ada\u0000@example.com',
    'ada@example.com\u0000',
    'ada@exämple.com',
    '"quoted"@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`,
    `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
    'a'.repeat(64 * 1024),
  ])('refuses %j with INVALID_EMAIL on the email field', (raw) => {
    const error = refusal(raw);
    expect(error).toBeInstanceOf(IdentityError);
    expect(error.code).toBe('INVALID_EMAIL');
    expect(error.fields).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it.each([undefined, null, 42, ['a@example.com'], { email: 'a@example.com' }])('refuses the non-string %j', (raw) => {
    expect(refusal(raw).code).toBe('INVALID_EMAIL');
  });

  it('accepts the longest address RFC 5321 allows and no longer', () => {
    const longest = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(longest).toHaveLength(254);
    expect(normalizeEmail(longest)).toBe(longest);
    expect(refusal(`a${longest}`).code).toBe('INVALID_EMAIL');
  });
});
