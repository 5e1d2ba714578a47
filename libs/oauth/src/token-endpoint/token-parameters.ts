import { InvalidRequestError } from '../errors';

const MAX_PARAMETER_LENGTH = 4096;
/**
 * RFC 8693's tokens (§2.1) are upstream JWTs, whose group claims easily pass 4 KiB: they get
 * 32 KiB, well within the endpoint's 64 KiB body; so does RFC 7523's `assertion` (a custom token,
 * whose own limit CustomTokens answers as INVALID_TOKEN).
 */
const MAX_LENGTH_OF: Readonly<Record<string, number>> = { subject_token: 32_768, actor_token: 32_768, assertion: 32_768 };
/** RFC 6749 Appendix A allows no control characters but tab in any parameter (and PostgreSQL no NUL). */
const CONTROL_CHARACTERS = /[\x00-\x08\x0a-\x1f\x7f]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/**
 * RFC 6749 §3.2: parameters "MUST NOT be included more than once". A repeated field arrives as an
 * array from the form parser and is refused, as is anything that is not a plain string.
 */
export function readParameters(body: unknown): Record<string, string> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError('the request body must be application/x-www-form-urlencoded', { code: 'MALFORMED_REQUEST' });
  }
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') {
      throw new InvalidRequestError(`${name} must be given once, as a string`, { code: 'DUPLICATE_PARAMETER' });
    }
    if (value.length > (MAX_LENGTH_OF[name] ?? MAX_PARAMETER_LENGTH)) {
      throw new InvalidRequestError(`${name} is too long`, { code: 'INVALID_PARAMETER' });
    }
    if (value !== '') params[name] = value;
  }
  return params;
}

/**
 * The named parameters (the ones an endpoint reads; RFC 6749 §3.2 says to ignore the others),
 * refusing control characters in them.
 */
export function pickParameters(params: Record<string, string>, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    if (params[name] === undefined) continue;
    if (hasControlCharacters(params[name])) throw new InvalidRequestError(`${name} contains control characters`, { code: 'INVALID_PARAMETER' });
    picked[name] = params[name];
  }
  return picked;
}

export function requireParameters(params: Record<string, string>, names: readonly string[]): void {
  const missing = names.filter((name) => params[name] === undefined);
  if (missing.length > 0) throw new InvalidRequestError(`missing parameter: ${missing.join(', ')}`, { code: 'MISSING_PARAMETER' });
}
