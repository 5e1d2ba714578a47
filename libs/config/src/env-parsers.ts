import { statSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { resolve } from 'node:path';

/** A parser turns a raw variable into a value or throws an InvalidValue naming what is expected. */
export class InvalidValue extends Error {}

export function parsePort(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new InvalidValue('must be a port number (1-65535)');
  const port = Number(raw);
  if (port < 1 || port > 65535) throw new InvalidValue('must be a port number (1-65535)');
  return port;
}

/** An IP address or host name to listen on. */
export function parseHost(raw: string): string {
  if (isIP(raw) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(raw)) {
    throw new InvalidValue('must be an IP address or host name to listen on, such as 0.0.0.0 or 127.0.0.1');
  }
  return raw;
}

/** An absolute http(s) URL without query or fragment; returned without a trailing slash. */
export function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidValue('must be an absolute URL such as https://auth.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidValue('must use http or https');
  if (url.search || url.hash || raw.includes('#') || raw.includes('?')) {
    throw new InvalidValue('must not carry a query or fragment');
  }
  if (url.username || url.password) throw new InvalidValue('must not carry credentials');
  return url.href.replace(/\/+$/, '');
}

export function parseUrlWithScheme(schemes: readonly string[], example: string) {
  return (raw: string): string => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new InvalidValue(`must be a URL such as ${example}`);
    }
    if (!schemes.includes(url.protocol.replace(/:$/, ''))) {
      throw new InvalidValue(`must start with ${schemes.map((s) => `${s}://`).join(' or ')}`);
    }
    if (!url.hostname) throw new InvalidValue(`must name a host, such as ${example}`);
    return raw;
  };
}

/** `[keyId:]base64` of exactly 32 bytes. */
export function parseVaultKey(raw: string): { keyId: string; key: Buffer } {
  const separator = raw.indexOf(':');
  const keyId = separator >= 0 ? raw.slice(0, separator) : 'default';
  const encoded = separator >= 0 ? raw.slice(separator + 1) : raw;
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) {
    throw new InvalidValue('key id (before ":") must be 1-32 letters, digits, "-" or "_"');
  }
  const key = decodeBase64Strict(encoded);
  if (!key || key.length !== 32) {
    throw new InvalidValue('must be 32 random bytes in base64, optionally prefixed by "keyId:" (generate with: openssl rand -base64 32)');
  }
  return { keyId, key };
}

/**
 * `VAULT_PREVIOUS_MASTER_KEYS`: comma-separated `keyId:base64` master keys (the id is required:
 * it is what the sealed values name). Each bad entry is one problem, named by its position and
 * never by its key material.
 */
export function parsePreviousVaultKeys(raw: string): { keys: { keyId: string; key: Buffer }[]; problems: string[] } {
  const keys: { keyId: string; key: Buffer }[] = [];
  const problems: string[] = [];
  raw.split(',').forEach((entry, index) => {
    const value = entry.trim();
    const where = `entry ${index + 1}`;
    if (!value) return;
    if (!value.includes(':')) {
      problems.push(`${where} must be "keyId:base64" (the id the values it sealed carry, "default" for a key that had none)`);
      return;
    }
    try {
      const key = parseVaultKey(value);
      if (keys.some((known) => known.keyId === key.keyId)) problems.push(`${where} repeats key id "${key.keyId}"`);
      else keys.push(key);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      problems.push(`${where}: ${error.message}`);
    }
  });
  return { keys, problems };
}

export function parsePepper(raw: string): Buffer {
  if (raw.length < 32) {
    throw new InvalidValue('must be at least 32 characters of random data (generate with: openssl rand -base64 32)');
  }
  return Buffer.from(raw, 'utf8');
}

const TRUST_PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/** Hops (`1`), `false`, or a comma-separated list of IPs, CIDRs and Express's keywords. */
export function parseTrustProxy(raw: string): false | number | string[] {
  const value = raw.trim();
  if (value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new InvalidValue('must be a number of hops or a list of IPs/CIDRs');
  for (const entry of entries) {
    if (!TRUST_PROXY_KEYWORDS.includes(entry) && !isAddressOrCidr(entry)) {
      throw new InvalidValue(
        `"${entry}" is not an IP address, CIDR or one of ${TRUST_PROXY_KEYWORDS.join(', ')} (use a number of hops or a comma-separated list)`,
      );
    }
  }
  return entries;
}

export function parseOneOf<T extends string>(allowed: readonly T[]) {
  return (raw: string): T => {
    if (!(allowed as readonly string[]).includes(raw)) throw new InvalidValue(`must be one of ${allowed.join(', ')}`);
    return raw as T;
  };
}

export function parseAdminUsername(raw: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{2,127}$/.test(raw)) {
    throw new InvalidValue('must be 3-128 characters: letters, digits, ".", "_", "@" or "-"');
  }
  return raw;
}

export function parseAdminPassword(raw: string): Buffer {
  if (raw.length < 10) throw new InvalidValue('must be at least 10 characters');
  if (raw.length > 256) throw new InvalidValue('must be at most 256 characters');
  return Buffer.from(raw, 'utf8');
}

function decodeBase64Strict(encoded: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) return undefined;
  return Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d+$/.test(prefix)) return false;
  const bits = Number(prefix);
  if (bits > (family === 4 ? 32 : 128)) return false;
  new BlockList().addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
  return true;
}

/** `true` or `false`, as written (no `1`, `yes`: one spelling per meaning). */
export function parseBoolean(raw: string): boolean {
  if (raw !== 'true' && raw !== 'false') throw new InvalidValue('must be true or false');
  return raw === 'true';
}

export function parseCount(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new InvalidValue('must be a whole number (0 turns the limit off)');
  return Number(raw);
}

/** A whole number from `min` to `max`; `meaning` says what the number is, for the one-line error. */
export function parseWholeNumberIn(min: number, max: number, meaning: string) {
  return (raw: string): number => {
    const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) throw new InvalidValue(`must be a whole number from ${min} to ${max} (${meaning})`);
    return value;
  };
}

/** An existing directory, made absolute (relative to the working directory). */
export function parseExistingDirectory(raw: string): string {
  const directory = resolve(raw);
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) throw new InvalidValue(`must be an existing directory (${directory} is not one)`);
  return directory;
}
