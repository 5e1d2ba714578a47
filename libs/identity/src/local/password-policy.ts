import { dictionary } from '@zxcvbn-ts/language-common';
import { IdentityError } from '../identity.errors';

/**
 * At least 10 characters and not a common password: not in zxcvbn's list of ~49 000 common
 * passwords (shipped in @zxcvbn-ts/language-common, never fetched), nor in these common ones of
 * 10+ characters that list lacks (lower-cased, compared case-insensitively).
 */
const MORE_COMMON_PASSWORDS = new Set([
  '0123456789', '0987654321', 'asdfghjkl;', 'password!!', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123',
  'abcdefghij', 'abc1234567', 'baseball123', 'welcome1234', 'sunshine123', 'princess123', 'monkey1234',
  'dragon1234', 'trustno1234', 'admin12345', 'admin123456', 'changeme123', 'changeme!!', 'mypassword1',
  'mypassword123', 'computer123', 'internet123', 'whatever123', 'michael1234', 'jennifer123',
]);

let shippedList: ReadonlySet<string> | undefined;

/** The lower-cased set is built on the first password checked, not at start-up. */
function shippedCommonPasswords(): ReadonlySet<string> {
  shippedList ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  return shippedList;
}

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
  if (MORE_COMMON_PASSWORDS.has(lowered) || shippedCommonPasswords().has(lowered) || /^(.)\1+$/.test(password)) {
    throw new IdentityError('TOO_WEAK_PASSWORD', 'password is too common; choose another', { field: 'password' });
  }
}
