/**
 * Redirect URI rules (RFC 8252, RFC 9700 §4.1): registered URIs are absolute, carry
 * no fragment, and are `https`, loopback `http` (127.0.0.1 or [::1], not "localhost"), or — for
 * native apps — a private-use scheme with a dot (`com.example.app:/cb`). Matching is exact, except
 * that a native app's loopback URI matches on any port (RFC 8252 §7.3).
 */
export function redirectUriProblem(uri: string, applicationType: 'web' | 'native'): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URI';
  }
  if (uri.includes('#')) return 'must not contain a fragment';
  if (url.protocol === 'https:') return url.hostname ? undefined : 'must name a host';
  if (url.protocol === 'http:') {
    return isLoopback(url.hostname) ? undefined : 'http is only allowed for loopback (127.0.0.1 or [::1]); use https';
  }
  if (applicationType === 'native' && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) return undefined;
  return applicationType === 'native'
    ? 'must be https, loopback http or a private-use scheme in reverse-domain form (com.example.app:/cb)'
    : 'must be https or loopback http';
}

export function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === '[::1]';
}

/** Whether `requested` matches one of `registered` under the rules above. */
export function redirectUriMatches(requested: string, registered: readonly string[], applicationType: 'web' | 'native'): boolean {
  if (registered.includes(requested)) return true;
  if (applicationType !== 'native') return false;
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || !isLoopback(url.hostname) || requested.includes('#')) return false;
  const portless = (value: URL) => `${value.protocol}//${value.hostname}${value.pathname}${value.search}`;
  return registered.some((candidate) => {
    try {
      const registeredUrl = new URL(candidate);
      return registeredUrl.protocol === 'http:' && isLoopback(registeredUrl.hostname) && portless(registeredUrl) === portless(url);
    } catch {
      return false;
    }
  });
}
