import { IdentityError } from '../identity.errors';
import { normalizePhoneNumber } from './phone-number';

function refusal(raw: unknown, allowed: readonly string[] = []): IdentityError {
  try {
    normalizePhoneNumber(raw, allowed);
  } catch (error) {
    return error as IdentityError;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('normalizePhoneNumber', () => {
  it.each([
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+1 (202) 555-0143', '+12025550143'],
    [' +14155552671 ', '+14155552671'],
    ['+49 30 901820', '+4930901820'],
  ])('%j → %j (E.164)', (raw, e164) => {
    expect(normalizePhoneNumber(raw)).toBe(e164);
  });

  it.each([
    '',
    '+',
    '+1',
    '+33',
    '0612345678',
    '33612345678',
    '+33 6 12 34 56 78 99 99',
    '+1 202 555 01 43 ext 5',
    '+33612345678\u0000',
    '+３３６１２３４５６７８',
    '+00000000000',
    `+${'1'.repeat(64 * 1024)}`,
  ])('refuses %j with INVALID_PHONE_NUMBER on the phoneNumber field', (raw) => {
    const error = refusal(raw);
    expect(error).toBeInstanceOf(IdentityError);
    expect(error.code).toBe('INVALID_PHONE_NUMBER');
    expect(error.fields).toEqual([expect.objectContaining({ field: 'phoneNumber' })]);
  });

  it.each([undefined, null, 33612345678, ['+33612345678']])('refuses the non-string %j', (raw) => {
    expect(refusal(raw).code).toBe('INVALID_PHONE_NUMBER');
  });

  it('keeps to allowedCountryCodes when they are set', () => {
    expect(normalizePhoneNumber('+33 6 12 34 56 78', ['FR', 'BE'])).toBe('+33612345678');
    expect(refusal('+1 202 555 0143', ['FR', 'BE']).code).toBe('INVALID_PHONE_NUMBER');
  });
});
