import { IdentityError } from '../identity.errors';

/** RFC 5321 §4.5.3.1: local part ≤ 64 octets, domain ≤ 255; a path ≤ 256 with its brackets leaves 254 for the address. */
const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 255;
const MAX_ADDRESS = 254;

/** Dot-atom local part (RFC 5322 §3.2.3) — quoted local parts are refused: no mail provider hands them out. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A host name of at least two labels (RFC 1035 §2.3.1 with RFC 1123's leading digits); internationalised domains as A-labels. */
const DOMAIN = /^(?=.{1,255}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function invalid(message: string): IdentityError {
  return new IdentityError('INVALID_EMAIL', message, { field: 'email' });
}

/**
 * The address an email identity is known by: trimmed and lower-cased (sign-up, login, codes and
 * links all compare this form), within RFC 5321's limits; anything else is INVALID_EMAIL.
 */
export function normalizeEmail(raw: unknown): string {
  if (typeof raw !== 'string') throw invalid('email must be a string');
  const address = raw.trim().toLowerCase();
  if (address.length === 0) throw invalid('email is empty');
  if (address.length > MAX_ADDRESS) throw invalid(`email must be at most ${MAX_ADDRESS} characters`);
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) throw invalid('email must look like name@example.com');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > MAX_LOCAL_PART) throw invalid(`the part before @ must be at most ${MAX_LOCAL_PART} characters`);
  if (domain.length > MAX_DOMAIN || !LOCAL_PART.test(local) || !DOMAIN.test(domain)) throw invalid('email must look like name@example.com');
  return address;
}
