import type { Entry } from 'ldapts';

/**
 * Attributes never handed on as identity attributes, whatever the service account may read:
 * password hashes and secrets (RFC 4519 userPassword, AD unicodePwd and friends).
 */
const NEVER_RETURNED = new Set(['dn', 'userpassword', 'unicodepwd', 'dbcspwd', 'ntpwdhistory', 'lmpwdhistory', 'supplementalcredentials', 'authpassword']);

/** An attribute's values as strings (an entry may hold one value or several). */
export function valuesOf(entry: Entry, attribute: string): string[] {
  const value = findAttribute(entry, attribute);
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => (Buffer.isBuffer(item) ? item.toString('utf8') : item));
}

export function firstValue(entry: Entry, attribute: string): string | undefined {
  return valuesOf(entry, attribute)[0];
}

/** An attribute's first value as raw bytes (binary attributes such as objectGUID). */
export function firstBuffer(entry: Entry, attribute: string): Buffer | undefined {
  const value = findAttribute(entry, attribute);
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return Buffer.isBuffer(first) ? first : Buffer.from(first, 'utf8');
}

/** Attribute descriptions are case-insensitive (RFC 4512 §2.5); servers answer in their own case. */
function findAttribute(entry: Entry, attribute: string): Entry[string] | undefined {
  const wanted = attribute.toLowerCase();
  const key = Object.keys(entry).find((name) => name.toLowerCase() === wanted);
  return key === undefined ? undefined : entry[key];
}

/**
 * The entry's text attributes for the identity: one value as a string, several as a list; binary
 * values and secrets left out (what a service keeps is its allowedAttributes).
 */
export function identityAttributes(entry: Entry, binary: readonly string[]): Record<string, string | string[]> {
  const skipped = new Set([...NEVER_RETURNED, ...binary.map((name) => name.toLowerCase())]);
  const attributes: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (skipped.has(name.toLowerCase())) continue;
    const values = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
    if (values.length) attributes[name] = values.length === 1 ? values[0] : values;
  }
  return attributes;
}
