import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { isSupportedCountry } from 'libphonenumber-js';
import { TEMPLATE_PLACEHOLDERS, type CustomTokenAlgorithm } from './identity-method-settings';

/** A setting's check: the reason a value is refused, or undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

export const MIN_HS256_SECRET_LENGTH = 32;
const MAX_SECRET_LENGTH = 1_024;
const MAX_PEM_LENGTH = 16_384;
/** RSA keys below 2048 bits are refused (NIST SP 800-131A). */
const MIN_RSA_BITS = 2_048;
const MAX_ORIGINS = 100;
const MAX_ORIGIN_LENGTH = 2_048;

export const isBoolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'must be true or false');

export function integerBetween(min: number, max: number): Check {
  return (value) => (Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max ? undefined : `must be an integer from ${min} to ${max}`);
}

export function oneOf(values: readonly string[]): Check {
  return (value) => (typeof value === 'string' && values.includes(value) ? undefined : `must be one of ${values.join(', ')}`);
}

/** A single-line text of 1 to `max` characters. */
export function label(max: number, forbidden?: { chars: RegExp; why: string }): Check {
  return (value) => {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) return `must be a non-empty string of at most ${max} characters`;
    if (/[\u0000-\u001f\u007f]/.test(value)) return 'must not hold control characters';
    if (forbidden?.chars.test(value)) return forbidden.why;
    return undefined;
  };
}

function listOf(max: number, item: (value: string) => string | undefined): Check {
  return (value) => {
    if (!Array.isArray(value) || value.length > max) return `must be a list of at most ${max} strings`;
    for (const entry of value) {
      if (typeof entry !== 'string') return 'must hold only strings';
      const problem = item(entry);
      if (problem) return problem;
    }
    if (new Set(value).size !== value.length) return 'must not repeat an entry';
    return undefined;
  };
}

/** ISO 3166-1 alpha-2 codes the phone numbering metadata knows (the country of a number is found by it). */
export const countryCodes = listOf(250, (code) =>
  /^[A-Z]{2}$/.test(code) && isSupportedCountry(code) ? undefined : `"${code}" must be an ISO 3166-1 alpha-2 country code in capitals, such as FR`,
);

/** Web origins (RFC 6454 §6.1 serialisation): scheme, host and optional port, nothing else, as clients' allowedOrigins. */
export const origins = listOf(MAX_ORIGINS, (origin) => (isOrigin(origin) ? undefined : `"${origin.slice(0, 100)}" must be an origin such as https://app.example.com`));

function isOrigin(value: string): boolean {
  if (value.length > MAX_ORIGIN_LENGTH) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

export const hs256Secret: Check = (value) =>
  typeof value === 'string' && value.length >= MIN_HS256_SECRET_LENGTH && value.length <= MAX_SECRET_LENGTH
    ? undefined
    : `must be a string of ${MIN_HS256_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters`;

/** A PEM public key (SPKI, PKCS#1 or an X.509 certificate) that node:crypto reads; never a private key. */
export const publicKeyPem: Check = (value) => {
  if (typeof value !== 'string' || value.length > MAX_PEM_LENGTH || !value.includes('-----BEGIN ')) return `must be a PEM public key of at most ${MAX_PEM_LENGTH} characters`;
  if (/PRIVATE KEY-----/.test(value) || opensAsPrivateKey(value)) return 'must be a public key: never send the private key';
  return readPublicKey(value) ? undefined : 'is not a PEM public key node:crypto can read';
};

function opensAsPrivateKey(pem: string): boolean {
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}

export function readPublicKey(pem: string): KeyObject | undefined {
  try {
    return createPublicKey(pem);
  } catch {
    return undefined;
  }
}

/** Why a readable public key does not fit the algorithm (RFC 7518 §3.3 and §3.4), or undefined. */
export function keyMismatch(key: KeyObject, algorithm: CustomTokenAlgorithm): string | undefined {
  if (algorithm === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa') return 'must be an RSA key for RS256';
    return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS ? undefined : `must be an RSA key of at least ${MIN_RSA_BITS} bits`;
  }
  if (algorithm === 'ES256') {
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? undefined : 'must be a P-256 EC key for ES256';
  }
  return 'is only for RS256 and ES256 (HS256 uses secret)';
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * A message template: bounded, only the known placeholders, and at least one of `required` (the
 * message is useless without its code or link). Subjects are single lines (no header injection).
 */
export function template(max: number, required: readonly string[], singleLine = false): Check {
  return (value) => {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) return `must be a non-empty string of at most ${max} characters`;
    if (singleLine && /[\r\n]/.test(value)) return 'must be a single line';
    if (value.includes('\u0000')) return 'must not hold NUL characters';
    const used = [...value.matchAll(PLACEHOLDER)].map((match) => match[1]);
    const unknown = used.find((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
    if (unknown !== undefined) return `{{${unknown.slice(0, 40)}}} is not a placeholder; use ${TEMPLATE_PLACEHOLDERS.map((name) => `{{${name}}}`).join(' ')}`;
    if (required.length > 0 && !required.some((name) => used.includes(name))) return `must hold ${required.map((name) => `{{${name}}}`).join(' or ')}`;
    return undefined;
  };
}
