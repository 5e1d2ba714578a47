// Closed-loop load for scenarios autocannon cannot express: each iteration is a chain of requests
// whose cookies, redirects and tokens depend on the previous answers ((d): a browser sign-in), or
// must never be cut off mid-flight ((c): a request cut off after the server rotated its refresh
// token leaves the chain holding a spent token). `connections` workers each run one iteration
// after another until the duration is over; the iterations already started then finish, and the
// rate is completed iterations over the whole time, so nothing is cut off and nothing is lost.
//
// A target for this driver is { url, unit, iterate(worker, agent) }: `worker` is 0…connections-1
// (what a worker keeps across iterations and runs, e.g. its refresh token, is the target's), and
// `agent` that worker's keep-alive node:http Agent (from its own loopback address) to pass to `send`. iterate resolves when the
// iteration answered as expected and throws (IterationError for an unexpected answer) otherwise.
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createHistogram, performance } from 'node:perf_hooks';

const TIMEOUT_MS = 10_000;

/** An answer other than the one the iteration expects at that step. */
export class IterationError extends Error {
  constructor(message, response) {
    super(`${message}: HTTP ${response?.status} ${response?.text?.slice(0, 300) ?? ''}`);
    this.status = response?.status;
  }
}

class TimeoutError extends Error {}

/**
 * One HTTP/1.1 exchange with node:http (lighter on the loader's core than fetch), redirects not
 * followed. Resolves { status, headers, text }.
 */
export function send(url, { method = 'GET', headers = {}, body } = {}, agent = undefined) {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method, agent, timeout: TIMEOUT_MS, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new TimeoutError(`no answer within ${TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Fails the iteration unless `response` answered `status` at `step`. */
export function expectStatus(response, status, step) {
  if (response.status !== status) throw new IterationError(`${step}: expected HTTP ${status}`, response);
}

/**
 * An app's authorization request (RFC 6749 §4.1.1, PKCE S256 per RFC 7636, a fresh state and
 * nonce): the path to GET at `authorizationPath`, and what the app keeps to check and redeem the code.
 */
export function authorizationRequest(authorizationPath, { clientId, redirectUri, scope }) {
  const verifier = randomBytes(32).toString('base64url');
  const params = {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  return { verifier, state: params.state, path: `${authorizationPath}?${new URLSearchParams(params)}` };
}

/** The code of `step`'s 303 to the app's `redirectUri`, after checking it answers the request of `state`. */
export function codeOfRedirect(response, redirectUri, state, step) {
  expectStatus(response, 303, step);
  const location = new URL(response.headers.location);
  const code = location.searchParams.get('code');
  if (location.origin + location.pathname !== redirectUri || location.searchParams.get('state') !== state || !code) {
    throw new IterationError(`no code for this request in ${response.headers.location}`, response);
  }
  return code;
}

/** A JSON POST's options for `send`. */
export function json(body, headers = {}) {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** A form POST's options for `send`. */
export function form(params, headers = {}) {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(params).toString() };
}

/**
 * A browser's cookie jar over `send`: keeps cookies by name with their path (the servers scope
 * login cookies to paths), sends those whose path prefixes the request's, drops expired ones.
 * One per sign-in, so no session of an earlier sign-in is ever reused.
 */
export class Browser {
  #cookies = new Map();

  constructor(origin, agent) {
    this.origin = origin;
    this.agent = agent;
  }

  get(pathOrUrl) {
    return this.#send(pathOrUrl, { method: 'GET' });
  }

  post(pathOrUrl, params) {
    return this.#send(pathOrUrl, form(params));
  }

  async #send(pathOrUrl, options) {
    const url = new URL(pathOrUrl, this.origin);
    const cookie = [...this.#cookies]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const response = await send(url, { ...options, headers: { ...options.headers, ...(cookie && { cookie }) } }, this.agent);
    for (const header of response.headers['set-cookie'] ?? []) this.#store(header);
    return response;
  }

  #store(header) {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
    const expired = attributes.some((a) => /^max-age=(0|-\d+)$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
    if (expired || value === '') this.#cookies.delete(name);
    else this.#cookies.set(name, { value, path });
  }
}

/**
 * Runs `target` for `durationSeconds` with `connections` workers; the result has runLoad's shape
 * (rps = completed iterations per second). An iteration that fails ends its worker: with (c) its
 * token chain is broken, and a worker failing in a tight loop would measure only the error path.
 */
export async function runFlows(target, { durationSeconds, connections }) {
  // Each worker is its own user at its own client address (127.0.0.2, .3, …: all of 127/8 is
  // loopback), as real users are: RapidAuth's lockout counts sign-ins in flight per address, and
  // 32 users behind one address would be an office NAT under a login storm, not this benchmark.
  const agents = Array.from({ length: connections }, (_, index) => workerAgent(index));
  const latency = createHistogram();
  const statusCodes = {};
  let completed = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let firstFailure;
  const start = performance.now();
  const deadline = start + durationSeconds * 1000;
  const worker = async (index) => {
    while (performance.now() < deadline) {
      const begun = performance.now();
      try {
        await target.iterate(index, agents[index]);
      } catch (error) {
        firstFailure ??= error;
        if (error instanceof IterationError) {
          non2xx++;
          statusCodes[error.status] = (statusCodes[error.status] ?? 0) + 1;
        } else if (error instanceof TimeoutError) {
          timeouts++;
        } else {
          errors++;
        }
        return;
      }
      completed++;
      latency.record(Math.max(1, Math.round((performance.now() - begun) * 1000)));
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)));
  } finally {
    for (const agent of agents) agent.destroy();
  }
  const seconds = (performance.now() - start) / 1000;
  if (firstFailure) console.error(`bench: first failed iteration: ${firstFailure.message}`);
  const ms = (p) => (latency.count > 0 ? latency.percentile(p) / 1000 : null);
  return { rps: completed / seconds, total: completed, p50: ms(50), p99: ms(99), non2xx, errors, timeouts, statusCodes, unit: target.unit };
}

/** A keep-alive agent of worker (and user) `index`, from its own loopback address. */
export function workerAgent(index) {
  return new Agent({ keepAlive: true, maxSockets: 1, localAddress: workerAddress(index) });
}

/** Worker `index`'s loopback source address (index < 65 000 or so). */
function workerAddress(index) {
  const n = index + 2;
  return `127.0.${Math.floor(n / 256)}.${n % 256}`;
}
