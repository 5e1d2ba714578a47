import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isLoopback, redirectUriProblem } from '@rapidauth/tenancy';

// Checks run after the field's kind check, so `value` already has the kind's type. Messages are
// relative to the field and never repeat the value (it may be a secret).

/** Loopback for servers we connect to; unlike redirect URIs (RFC 8252 §8.3) `localhost` counts. */
function isLoopbackHost(hostname: string): boolean {
  return isLoopback(hostname) || hostname === 'localhost';
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

export function absoluteUriProblem(value: string): string | undefined {
  return parseUrl(value) ? undefined : 'must be an absolute URI';
}

/** RFC 6749 §3.3: scope tokens separated by single spaces. */
export function scopeProblem(value: string): string | undefined {
  return /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/.test(value)
    ? undefined
    : 'must be scope tokens separated by single spaces';
}

/** An upstream endpoint; credentials in it would be stored unencrypted. */
export function httpUrlProblem(value: string): string | undefined {
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
    return 'must be an absolute http or https URL';
  }
  return url.username || url.password ? 'must not contain a user name or password' : undefined;
}

/**
 * An endpoint of a public provider that is always TLS (Facebook): https, or http to a loopback host
 * during development, so the client secret and access tokens never cross a network in clear.
 */
export function secureHttpUrlProblem(value: string): string | undefined {
  const problem = httpUrlProblem(value);
  if (problem) return problem;
  const url = new URL(value);
  return url.protocol === 'https:' || isLoopbackHost(url.hostname) ? undefined : 'must be an https URL (http only for loopback hosts)';
}

/**
 * A directory server URI. Plain `ldap://` to a remote host sends bind passwords in clear unless the
 * connection is upgraded, so the type's own settings must allow it (`plainAllowed`); `remedy` tells
 * the admin which settings those are.
 */
export function ldapUriProblem(value: string, plainAllowed: boolean, remedy: string): string | undefined {
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') || !url.hostname) {
    return 'must be an ldap:// or ldaps:// URI';
  }
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.protocol === 'ldaps:' || plainAllowed || isLoopbackHost(url.hostname)) return undefined;
  return `uses plain ldap:// to a remote host; ${remedy}`;
}

/**
 * Redirect URIs of the service's apps, which may be web or native: https, loopback http, or a
 * private-use scheme. The 'native' rules accept exactly the union of both application types.
 */
export function redirectUrisProblem(uris: readonly string[]): string | undefined {
  const bad = uris.flatMap((uri, index) => {
    const problem = redirectUriProblem(uri, 'native');
    return problem ? [`[${index}] ${problem}`] : [];
  });
  return bad.length ? bad.join('\n') : undefined;
}

/** A stylesheet or page the browser loads: https, or http on a loopback host during development. */
export function pageUrlProblem(value: string): string | undefined {
  const url = parseUrl(value);
  if (url?.protocol === 'https:' && url.hostname) return undefined;
  if (url?.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return 'must be an https URL (http only for loopback hosts)';
}

export function certificateProblem(pem: string): string | undefined {
  try {
    new X509Certificate(pem);
    return undefined;
  } catch {
    return 'is not a readable X.509 certificate';
  }
}

export function privateKeyProblem(pem: string): string | undefined {
  try {
    createPrivateKey(pem);
    return undefined;
  } catch {
    return 'is not a readable unencrypted private key';
  }
}

/** An HTTP header name (RFC 9110 §5.1 token, restricted to letters, digits and hyphens). */
export function headerNameProblem(value: string): string | undefined {
  return /^[A-Za-z0-9-]+$/.test(value) ? undefined : 'must be a header name of letters, digits and hyphens';
}

/** An LDAP attribute description (RFC 4512 §2.5: a descriptor or a numeric OID), used verbatim in filters. */
export function attributeNameProblem(value: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)+)$/.test(value) ? undefined : 'must be an LDAP attribute name';
}
