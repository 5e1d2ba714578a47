// Request helpers shared by the scenarios.

/** HTTP Basic per RFC 6749 §2.3.1 (id and secret form-urlencoded first). */
export function basicAuth(client) {
  const encode = (value) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(client.id)}:${encode(client.secret)}`).toString('base64')}`;
}

/** A form POST to `path` as autocannon options, plus the same as one fetch for checks. */
export function formPost(server, path, params, headers = {}) {
  return {
    url: server.url,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  };
}

/** Sends `request` once and returns { status, json }; bounded by a timeout. */
export async function sendOnce(request) {
  const response = await fetch(new URL(request.path, request.url), {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Fails with a readable message unless `condition` holds. */
export function expect(condition, message, response) {
  if (!condition) throw new Error(`${message}: HTTP ${response?.status} ${response?.text?.slice(0, 300) ?? ''}`);
}

/** The decoded header and payload of a compact JWT. */
export function decodeJwt(token) {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}
