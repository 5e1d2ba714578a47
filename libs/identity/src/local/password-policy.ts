import { IdentityError } from '../identity.errors';

/**
 * At least 10 characters and not a common password. Shorter common passwords are
 * already excluded by the length rule; this list holds common ones of 10+ characters
 * (lower-cased, compared case-insensitively).
 */
const COMMON_PASSWORDS = new Set([
  '1234567890', '12345678910', '123456789a', '0123456789', '0987654321', '1111111111', '0000000000',
  '1q2w3e4r5t', '1qaz2wsx3edc', 'qwertyuiop', 'qwerty1234', 'qwerty12345', 'asdfghjkl;', 'zxcvbnm123',
  'password12', 'password123', 'password1234', 'password!!', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123',
  'iloveyou12', 'iloveyou123', 'abcdefghij', 'abc1234567', 'abcd123456', 'football123', 'baseball123',
  'welcome123', 'welcome1234', 'letmein123', 'sunshine123', 'princess123', 'monkey1234', 'dragon1234',
  'superman123', 'trustno1234', 'administrator', 'admin12345', 'admin123456', 'changeme123', 'changeme!!',
  'qazwsxedcrfv', 'zaq12wsxcde3', '1234qwerasdf', 'q1w2e3r4t5y6', 'passwordpassword', 'mypassword1',
  'mypassword123', 'computer123', 'internet123', 'starwars123', 'whatever123', 'michael1234', 'jennifer123',
]);

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new IdentityError('TOO_WEAK_PASSWORD', `password must be at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new IdentityError('TOO_WEAK_PASSWORD', `password must be at most ${MAX_PASSWORD_LENGTH} characters`, { field: 'password' });
  }
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered) || /^(.)\1+$/.test(password)) {
    throw new IdentityError('TOO_WEAK_PASSWORD', 'password is too common; choose another', { field: 'password' });
  }
}
