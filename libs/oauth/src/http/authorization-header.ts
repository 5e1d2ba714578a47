import { InvalidClientError, InvalidTokenError } from '../errors';

/**
 * The Authorization request header, the one place it is read. RFC 7235 §2.1: `auth-scheme 1*SP
 * credentials`, the scheme case-insensitive. A scheme with nothing after it carries no credentials.
 */
export type AuthorizationScheme = 'basic' | 'bearer' | 'dpop' | 'other';

export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

const SCHEME_AND_CREDENTIALS = /^([^ ]+) +(.*)$/s;
/** RFC 7617 §2 credentials: standard Base64 with padding. */
const BASE64 = /^[A-Za-z0-9+/]+=*$/;
/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function authorizationScheme(header: string | undefined): AuthorizationScheme | undefined {
  return split(header)?.scheme;
}

/**
 * The client id and secret of `Authorization: Basic` (RFC 7617), each form-urlencoded before
 * Base64 (RFC 6749 §2.3.1). Any other header — no colon, an empty id, bad Base64 or percent
 * encoding, another scheme — is malformed: invalid_client with a Basic challenge.
 */
export function basicCredentials(header: string | undefined): BasicCredentials {
  const parts = split(header);
  const encoded = parts?.scheme === 'basic' ? parts.credentials : '';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (!BASE64.test(encoded) || colon < 1) throw malformedBasic();
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw malformedBasic();
  }
}

/**
 * The token of `Authorization: Bearer` (RFC 6750 §2.1), or undefined when the header carries none.
 * A value outside the b64token alphabet can be no token of ours: invalid_token.
 */
export function bearerToken(header: string | undefined): string | undefined {
  const parts = split(header);
  if (parts?.scheme !== 'bearer' || parts.credentials === '') return undefined;
  if (!B64TOKEN.test(parts.credentials)) throw new InvalidTokenError(undefined, { detail: 'malformed Bearer credentials' });
  return parts.credentials;
}

/** The token of `Authorization: DPoP` (RFC 9449 §7.1, token68 as a Bearer token's), or undefined when the header carries none. */
export function dpopToken(header: string | undefined): string | undefined {
  const parts = split(header);
  if (parts?.scheme !== 'dpop' || parts.credentials === '') return undefined;
  if (!B64TOKEN.test(parts.credentials)) throw new InvalidTokenError(undefined, { detail: 'malformed DPoP credentials' });
  return parts.credentials;
}

function split(header: string | undefined): { scheme: AuthorizationScheme; credentials: string } | undefined {
  const match = SCHEME_AND_CREDENTIALS.exec(header ?? '');
  if (!match) return undefined;
  const scheme = /^basic$/i.test(match[1]) ? 'basic' : /^bearer$/i.test(match[1]) ? 'bearer' : /^dpop$/i.test(match[1]) ? 'dpop' : 'other';
  return { scheme, credentials: match[2].trim() };
}

/** application/x-www-form-urlencoded decoding (`+` is a space); throws on a broken percent escape. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function malformedBasic(): InvalidClientError {
  return new InvalidClientError('malformed HTTP Basic credentials', { basicChallenge: true });
}
