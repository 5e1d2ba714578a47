// The adaptor's request handling (README.md, "Protocol"): verify the gateway's signature, check the
// credentials against the users file, answer signed.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { sign, verify } from './signature.mjs';
import { MAX_PASSWORD_LENGTH, hashPassword, passwordMatches, readUsers, sameUsername } from './users.mjs';

const MAX_REQUEST_BYTES = 64 * 1024;

/** The gateway's request id joins our log lines to its own; anything else is not echoed. */
const safeRequestId = (requestId) => (typeof requestId === 'string' && /^[\w.-]{1,64}$/.test(requestId) ? requestId : '-');

/**
 * @param {object} options
 * @param {string} options.sharedSecret the service's sharedSecret (at least 32 characters)
 * @param {string} options.usersFile the JSON users file (see add-user.mjs)
 * @param {number} [options.maxFailures] failed logins of one user name before it is locked
 * @param {number} [options.lockSeconds] how long a locked user name stays locked
 * @param {number} [options.tokenSeconds] lifetime of the session token handed to the gateway's vault
 * @param {(line: string) => void} [options.log] one line per login: the gateway's request id and the outcome (never the user name or password)
 * @returns {import('node:http').Server}
 */
export function createAdaptor({ sharedSecret, usersFile, maxFailures = 5, lockSeconds = 300, tokenSeconds = 3600, log = () => {} }) {
  if (typeof sharedSecret !== 'string' || sharedSecret.length < 32) throw new Error('the shared secret must be at least 32 characters');
  const failures = new Map(); // normalised user name → {count, lockedUntil}
  // Unknown users cost a hash too, so that timing does not tell which user names exist.
  const decoy = hashPassword(randomBytes(16).toString('hex'));

  function reply(response, status, body, headers = {}) {
    const bytes = Buffer.from(JSON.stringify(body));
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length, ...headers, ...sign(sharedSecret, bytes) });
    response.end(bytes);
  }

  const identityOf = (user) => ({
    id: user.id,
    username: user.username,
    ...(user.email ? { email: user.email } : {}),
    attributes: user.attributes ?? {},
    tokens: { session: { value: randomBytes(32).toString('base64url'), expiresAt: Math.floor(Date.now() / 1000) + tokenSeconds } },
  });

  async function login({ username, password }, response) {
    if (typeof username !== 'string' || typeof password !== 'string' || password === '' || password.length > MAX_PASSWORD_LENGTH) {
      return reply(response, 401, { error: 'INVALID_CREDENTIALS' });
    }
    const key = username.normalize('NFC').toLowerCase();
    const state = failures.get(key);
    if (state?.lockedUntil > Date.now()) {
      return reply(response, 401, { error: 'IDENTITY_TEMPORARILY_LOCKED' }, { 'retry-after': Math.ceil((state.lockedUntil - Date.now()) / 1000) });
    }
    const user = (await readUsers(usersFile)).find((entry) => sameUsername(entry.username, username));
    if (!(await passwordMatches(password, user ?? (await decoy))) || !user) {
      const count = (state?.count ?? 0) + 1;
      failures.set(key, count >= maxFailures ? { count: 0, lockedUntil: Date.now() + lockSeconds * 1000 } : { count });
      return reply(response, 401, { error: 'INVALID_CREDENTIALS' });
    }
    failures.delete(key);
    // Checked only after the password, so that guessing does not learn which accounts are disabled.
    if (user.disabled) return reply(response, 401, { error: 'ACCOUNT_DISABLED' });
    return reply(response, 200, identityOf(user));
  }

  /** Our users have no upstream session to renew: a refresh confirms the user is still there and enabled. */
  async function refresh({ providerUid }, response) {
    const user = (await readUsers(usersFile)).find((entry) => entry.id === providerUid);
    if (!user) return reply(response, 401, { error: 'INVALID_CREDENTIALS' });
    if (user.disabled) return reply(response, 401, { error: 'ACCOUNT_DISABLED' });
    return reply(response, 200, identityOf(user));
  }

  async function handle(request, response, body) {
    if (request.method !== 'POST') return reply(response, 405, { error: 'METHOD_NOT_ALLOWED' }, { allow: 'POST' });
    const refused = verify(sharedSecret, request.headers, body);
    if (refused) return reply(response, 403, { error: refused });
    let message;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(response, 400, { error: 'BAD_REQUEST' });
    }
    switch (message?.op) {
      case 'ping':
        return reply(response, 200, { ok: true });
      case 'login':
        await login(message, response);
        return log(`login ${safeRequestId(message.requestId)} ${response.statusCode}`);
      case 'refresh':
        return refresh(message, response);
      default:
        return reply(response, 400, { error: 'UNKNOWN_OP' });
    }
  }

  return createServer((request, response) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) return chunks.push(chunk);
      if (response.headersSent) return undefined;
      response.once('finish', () => request.destroy());
      return reply(response, 413, { error: 'TOO_LARGE' }, { connection: 'close' });
    });
    request.on('end', () => {
      if (size > MAX_REQUEST_BYTES) return;
      handle(request, response, Buffer.concat(chunks)).catch((error) => {
        console.error(`custom adaptor: ${error.message}`);
        if (!response.headersSent) reply(response, 500, { error: 'ADAPTOR_ERROR' });
      });
    });
  });
}
