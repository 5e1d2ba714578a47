import { EqualityFilter, type Filter } from 'ldapts';

/**
 * RFC 4515 §3: a value inside a filter, with `*`, `(`, `)`, `\` and NUL written as `\XX`, so that
 * no user input can change the filter's structure.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The configured filter with `{username}` replaced by the escaped user name, wherever it appears. */
export function fillUserFilter(template: string, username: string): string {
  return template.split('{username}').join(escapeFilterValue(username));
}

/** An equality filter (RFC 4515 §3) on one attribute; the attribute name comes from validated config. */
export function equalityFilter(attribute: string, value: string): string {
  return `(${attribute}=${escapeFilterValue(value)})`;
}

/**
 * An equality match on raw bytes (objectGUID). Sent as a filter object: a string filter is parsed
 * back to text, which would turn bytes from 0x80 up into their UTF-8 encoding.
 */
export function binaryEqualityFilter(attribute: string, value: Buffer): Filter {
  return new EqualityFilter({ attribute, value });
}

/** `(|(a=1)(b=2))`, or the only filter when there is one. */
export function anyOf(filters: readonly string[]): string {
  return filters.length === 1 ? filters[0] : `(|${filters.join('')})`;
}

const MAX_USERNAME_LENGTH = 256;

/**
 * A user name worth sending to the directory: not blank, not longer than any directory allows,
 * no control characters (NUL would end the value in some servers' C code). Anything else cannot
 * name a user and is refused as wrong credentials without a request.
 */
export function plausibleUsername(username: string): boolean {
  return username.trim() !== '' && username.length <= MAX_USERNAME_LENGTH && !/[\u0000-\u001f\u007f]/.test(username);
}
