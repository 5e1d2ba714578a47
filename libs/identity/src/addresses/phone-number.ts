import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { IdentityError } from '../identity.errors';

/** E.164 allows 15 digits; with `+`, spaces and punctuation a human-written number stays well under this. */
const MAX_INPUT = 32;

function invalid(message: string): IdentityError {
  return new IdentityError('INVALID_PHONE_NUMBER', message, { field: 'phoneNumber' });
}

/**
 * The E.164 form (ITU-T E.164, `+` and up to 15 digits) a phone identity is known by, checked
 * against the numbering plan by libphonenumber-js's full metadata (the `max` build: the `min`
 * one only checks lengths, so numbers no operator hands out would pass), and limited to
 * `allowedCountryCodes` (ISO 3166-1 alpha-2; empty = every country).
 */
export function normalizePhoneNumber(raw: unknown, allowedCountryCodes: readonly string[] = []): string {
  if (typeof raw !== 'string') throw invalid('phoneNumber must be a string');
  const input = raw.trim();
  if (!input.startsWith('+')) throw invalid('phoneNumber must be in international form, starting with + and the country code');
  if (input.length > MAX_INPUT || !/^\+[0-9 ().-]+$/.test(input)) throw invalid('phoneNumber must hold only digits after the +');
  const parsed = parsePhoneNumberFromString(input);
  if (!parsed?.isValid()) throw invalid('phoneNumber is not a valid number');
  if (allowedCountryCodes.length > 0 && !(parsed.country && allowedCountryCodes.includes(parsed.country))) {
    throw invalid('phone numbers of this country are not accepted here');
  }
  return parsed.number;
}
