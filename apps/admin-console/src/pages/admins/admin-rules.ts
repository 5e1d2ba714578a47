import type { FieldProblem } from '../../api/errors';

/** The admin API's rules for a new admin (docs/admin-api.md; the password policy in docs/security.md). */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,127}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 10;
const MAX_PASSWORD = 256;

export function newAdminProblems(input: { username: string; email: string; password: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.username.length === 0) problems.push({ field: 'username', message: 'Username is required.' });
  else if (!USERNAME.test(input.username)) problems.push({ field: 'username', message: 'Use 3–128 letters, digits, ".", "_", "@" or "-", starting with a letter or digit.' });
  if (input.email.length > 0 && !EMAIL.test(input.email)) problems.push({ field: 'email', message: 'Enter an email address, or leave it empty.' });
  if (input.password.length < MIN_PASSWORD) problems.push({ field: 'password', message: `Use at least ${MIN_PASSWORD} characters.` });
  else if (input.password.length > MAX_PASSWORD) problems.push({ field: 'password', message: `Use at most ${MAX_PASSWORD} characters.` });
  return problems;
}
