import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1): they describe one connection, so a proxy never forwards
 * them, nor any field the `Connection` header names. `Proxy-Connection` is the pre-standard
 * spelling clients still send; `Proxy-Authorization`/`-Authenticate` are for the proxy itself.
 */
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authorization', 'proxy-authenticate',
]);

/**
 * What the client sends that the backend never sees: the gateway token, its DPoP proof (RFC 9449
 * §7: made for the gateway's URL) and the gateway's cookies (credentials for us, not for it), `Host` (the backend's is set by the request to it), and the
 * forwarding fields, which we set ourselves so a client cannot pose as another address.
 */
const REQUEST_ONLY = new Set(['authorization', 'dpop', 'cookie', 'host', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto']);

/**
 * What the backend answers that the client never sees: `Set-Cookie`, because the backend speaks
 * under the gateway's origin, where a cookie would reach every other data link and the gateway's
 * own endpoints (its session cookies among them).
 */
const RESPONSE_ONLY = new Set(['set-cookie']);

/** Header names a mapping may never set: they frame the message or the connection. */
export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return HOP_BY_HOP.has(lower) || lower === 'host' || lower === 'content-length';
}

/** The names `Connection` lists (RFC 9110 §7.6.1), lower-cased. */
function connectionOptions(value: string | string[] | undefined): Set<string> {
  const listed = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(listed.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
}

/**
 * The client's headers as the backend gets them: without hop-by-hop fields, the ones `Connection`
 * names, the gateway's credentials, and every header a mapping sets (`mapped`, lower-case), so a
 * client cannot spoof a mapped value; `Content-Length` stays when the client sent one.
 */
export function forwardedRequestHeaders(headers: IncomingHttpHeaders, mapped: ReadonlySet<string>): OutgoingHttpHeaders {
  const dropped = connectionOptions(headers.connection);
  const forwarded: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || REQUEST_ONLY.has(name) || dropped.has(name) || mapped.has(name)) continue;
    forwarded[name] = value;
  }
  return forwarded;
}

/** The backend's headers as the client gets them: without hop-by-hop fields, those `Connection` names, and `Set-Cookie`. */
export function returnedResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const dropped = connectionOptions(headers.connection);
  const returned: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || RESPONSE_ONLY.has(name) || dropped.has(name)) continue;
    returned[name] = value;
  }
  return returned;
}
