import { isRecord } from '../config/field';
import type { StoredUpstreamLogin, UpstreamIdentity, UpstreamToken } from '../connector';
import { ConnectorError } from '../connectors.errors';
import type { WireToken } from './adaptor-client';

// Bounds on what an adaptor may hand us: the identity is stored (identity row, profile, vault),
// so sizes are capped and strings must be storable (PostgreSQL text and jsonb refuse NUL).
const MAX_ID = 255;
const MAX_USERNAME = 255;
const MAX_EMAIL = 320;
const MAX_ATTRIBUTES = 100;
const MAX_ATTRIBUTE_NAME = 128;
const MAX_ATTRIBUTE_DEPTH = 8;
const MAX_TOKENS = 16;
const MAX_TOKEN_VALUE = 16 * 1024;
const TOKEN_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** 9999-12-31T23:59:59Z: later is not a date. */
const MAX_UNIX_SECONDS = 253_402_300_799;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A signed answer whose content we refuse (catalogue: "missing user id"). */
function rejected(detail: string): ConnectorError {
  return new ConnectorError('UPSTREAM_REJECTED', 'the identity adaptor answered an identity that cannot be accepted', { detail });
}

function text(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || CONTROL.test(value)) {
    throw rejected(`${name} must be a non-empty string of at most ${max} characters without control characters`);
  }
  return value;
}

const optionalText = (value: unknown, name: string, max: number) => (value === undefined || value === null ? undefined : text(value, name, max));

/** JSON values only as deep as MAX_ATTRIBUTE_DEPTH, with no NUL in any string or key. */
function storable(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return !value.includes('\u0000');
  if (value === null || typeof value !== 'object') return true;
  if (depth >= MAX_ATTRIBUTE_DEPTH) return false;
  return Object.entries(value).every(([key, entry]) => !key.includes('\u0000') && storable(entry, depth + 1));
}

function attributes(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw rejected('attributes must be an object');
  const names = Object.keys(value);
  if (names.length > MAX_ATTRIBUTES) throw rejected(`attributes must have at most ${MAX_ATTRIBUTES} entries`);
  for (const name of names) {
    if (name === '' || name.length > MAX_ATTRIBUTE_NAME || CONTROL.test(name)) throw rejected(`attribute names must be 1 to ${MAX_ATTRIBUTE_NAME} characters without control characters`);
    if (!storable(value[name], 1)) throw rejected(`attribute values must be JSON at most ${MAX_ATTRIBUTE_DEPTH} levels deep without NUL characters`);
  }
  return value;
}

function token(name: string, value: unknown): UpstreamToken {
  if (!isRecord(value)) throw rejected(`tokens.${name} must be an object {value, expiresAt?}`);
  const expiresAt = value.expiresAt;
  if (expiresAt !== undefined && expiresAt !== null && !(Number.isInteger(expiresAt) && (expiresAt as number) >= 0 && (expiresAt as number) <= MAX_UNIX_SECONDS)) {
    throw rejected(`tokens.${name}.expiresAt must be unix seconds`);
  }
  return {
    value: text(value.value, `tokens.${name}.value`, MAX_TOKEN_VALUE),
    ...(typeof expiresAt === 'number' ? { expiresAt: new Date(expiresAt * 1000) } : {}),
  };
}

function tokens(value: unknown): Record<string, UpstreamToken> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw rejected('tokens must be an object');
  const entries = Object.entries(value);
  if (entries.length > MAX_TOKENS) throw rejected(`tokens must have at most ${MAX_TOKENS} entries`);
  return Object.fromEntries(
    entries.map(([name, entry]) => {
      if (!TOKEN_NAME.test(name)) throw rejected('token names must be 1 to 64 letters, digits, _ . -');
      return [name, token(name, entry)];
    }),
  );
}

/**
 * The identity of a 200 answer `{id, username?, email?, attributes?, tokens?}`; `id` becomes the
 * providerUid. Keys beyond these are ignored.
 * @throws ConnectorError UPSTREAM_REJECTED naming (in `detail`) the first field at fault
 */
export function toUpstreamIdentity(body: unknown): UpstreamIdentity {
  if (!isRecord(body)) throw rejected('the answer must be a JSON object');
  const providerUid = text(body.id, 'id', MAX_ID);
  const username = optionalText(body.username, 'username', MAX_USERNAME);
  const email = optionalText(body.email, 'email', MAX_EMAIL);
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) throw rejected('email must be an email address');
  const upstreamTokens = tokens(body.tokens);
  return {
    providerUid,
    ...(username === undefined ? {} : { username }),
    ...(email === undefined ? {} : { email }),
    attributes: attributes(body.attributes),
    ...(upstreamTokens ? { tokens: upstreamTokens } : {}),
  };
}

/** The stored tokens as the refresh request carries them. */
export function toWireTokens(stored: StoredUpstreamLogin): Record<string, WireToken> {
  return Object.fromEntries(
    Object.entries(stored.tokens ?? {}).map(([name, { value, expiresAt }]) => [
      name,
      expiresAt ? { value, expiresAt: Math.floor(expiresAt.getTime() / 1000) } : { value },
    ]),
  );
}
