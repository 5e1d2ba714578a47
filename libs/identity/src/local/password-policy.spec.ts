import { dictionary } from '@zxcvbn-ts/language-common';
import { IdentityError } from '../identity.errors';
import { checkPasswordStrength } from './password-policy';

function refusal(password: string): IdentityError {
  try {
    checkPasswordStrength(password);
  } catch (error) {
    return error as IdentityError;
  }
  throw new Error(`accepted ${password}`);
}

describe('checkPasswordStrength', () => {
  it('ships a common-password list of at least 10 000 entries', () => {
    expect(dictionary['passwords-common'].length).toBeGreaterThanOrEqual(10_000);
  });

  it.each(['password123', 'PASSWORD123', 'qwertyuiop', 'iloveyou123', 'changeme!!', 'Welcome1234', 'aaaaaaaaaaaa'])(
    'refuses the common %j',
    (password) => {
      const error = refusal(password);
      expect(error.code).toBe('TOO_WEAK_PASSWORD');
      expect(error.message).toBe('password is too common; choose another');
    },
  );

  it('refuses every shipped entry of 10 characters or more', () => {
    const long = dictionary['passwords-common'].filter((entry) => entry.length >= 10);
    expect(long.length).toBeGreaterThan(1000);
    expect(long.filter((entry) => !refusesAsCommon(entry))).toEqual([]);
  });

  it('refuses by length first', () => {
    expect(refusal('short').message).toBe('password must be at least 10 characters');
    expect(refusal('x'.repeat(200) + 'y'.repeat(57)).message).toBe('password must be at most 256 characters');
  });

  it('accepts a password that is long and not common', () => {
    expect(() => checkPasswordStrength('violet-harbour-47-lantern')).not.toThrow();
  });
});

function refusesAsCommon(password: string): boolean {
  try {
    checkPasswordStrength(password);
    return false;
  } catch (error) {
    return (error as IdentityError).message === 'password is too common; choose another' || password.length > 256;
  }
}
