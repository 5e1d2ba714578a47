import { InvalidRequestError } from '../errors';

/**
 * The address and its secret (a password or a code) of an email login. Either missing: 400
 * MISSING_EMAIL_OR_PASSWORD (the catalogue's code for email logins), naming the field.
 */
export function emailCredentials(params: Readonly<Record<string, string>>, secret: 'password' | 'code'): { email: string; secret: string } {
  for (const field of ['email', secret]) {
    if (!params[field]) throw new InvalidRequestError(`missing parameter: ${field}`, { code: 'MISSING_EMAIL_OR_PASSWORD', field });
  }
  return { email: params.email, secret: params[secret] };
}
