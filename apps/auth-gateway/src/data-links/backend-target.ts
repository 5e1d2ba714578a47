/** What the proxy path names: the link and the rest of the path below it (raw, still percent-encoded). */
export interface ProxyPath {
  readonly name: string;
  readonly rest: string;
  /** `?…` as the client sent it, or empty. */
  readonly search: string;
}

/** `/<name>[/rest][?query]`, the URL below the `/datalink` mount; undefined when it names no link. */
export function parseProxyPath(url: string): ProxyPath | undefined {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const match = /^\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) return undefined;
  return { name: match[1], rest: match[2] ?? '', search: queryAt === -1 ? '' : url.slice(queryAt) };
}

/**
 * The backend URL of a proxied request: the link's URL with the rest of the path below it and the
 * client's query. Dot segments (also percent-encoded ones, RFC 3986 §5.2.4 as WHATWG URL applies
 * it) are resolved within the rest first, so a request never climbs above the link's path.
 */
export function backendTarget(backendUrl: string, path: ProxyPath): URL {
  const target = new URL(backendUrl);
  const below = path.rest === '' ? '' : new URL(`http://rest${path.rest}`).pathname;
  target.pathname = `${target.pathname.replace(/\/$/, '')}${below}`;
  target.search = path.search;
  return target;
}
