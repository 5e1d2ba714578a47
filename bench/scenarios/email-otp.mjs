// (j) Own-identity logins (BENCH_SCENARIOS=j selects (j1) and (j2); not in the default set). RapidAuth
// only: oidc-provider has no passwordless or anonymous login to compare with.
//
// (j1) email-OTP login round trips/s on the tuned gateway (PostgreSQL), the environment's own client
// (appKey, HTTP Basic), one iteration:
//   POST /v3/auth/email/otp         {client_id, email}       → 202 (the code issued, then mailed over
//                                                               SMTP to the runner's smtp-server before
//                                                               the answer: bench/servers/smtp-inbox.mjs)
//   the code read from that mail
//   POST /v3/auth/email/otp/verify  {client_id, email, code} → 200 tokens (the guess counted, the code
//                                                               spent, the address verified, a family begun)
// The identity methods are the defaults but email itself turned on: 6-digit codes, a new code for an
// address at most every 30 s and 10 an hour. So the iterations take ADDRESSES known addresses in turn,
// each again only when both limits allow, as that many users signing in would.
// (j2) anonymous logins/s (POST /v3/auth/anonymous → 200 tokens, a new expiring account each), on the
// tuned gateway and as `npm start` runs (rapidauth-default, -warn: PGlite), under autocannon.
import { setTimeout as sleep } from 'node:timers/promises';
import { IterationError, expectStatus, json, send } from '../lib/flows.mjs';
import { emailAddress } from '../servers/index.mjs';
import { basicAuth, expect, sendOnce } from './http.mjs';

const ADDRESSES = 16_384;
/** The default otp.resendAfterSeconds (30) and otp.maxSendsPerHour (10), with a second to spare. */
const RESEND_AFTER_MS = 31_000;
const SENDS_PER_HOUR = 10;

/** What the methods need on: email for (j1), anonymous for (j2); everything else stays at its default. */
async function enable(server, methods) {
  const api = await server.admin();
  await api('PATCH', `/v1/environments/${server.environmentId}/identity-methods`, methods);
}

/** Runs `check` until it passes: a settings change reaches a gateway of another process through a PostgreSQL notification. */
async function retried(check, what) {
  let failure;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      return await check();
    } catch (error) {
      failure = error;
      await sleep(100);
    }
  }
  throw new Error(`bench (j): ${what} failed: ${failure.message}`);
}

/** Addresses in turn, each only when its last code is RESEND_AFTER_MS old and it had fewer than SENDS_PER_HOUR. */
class AddressPool {
  #next = 0;
  #uses = Array.from({ length: ADDRESSES }, () => []);

  take() {
    const now = Date.now();
    for (let tried = 0; tried < ADDRESSES; tried++) {
      const index = this.#next;
      this.#next = (this.#next + 1) % ADDRESSES;
      const uses = this.#uses[index].filter((at) => at > now - 3_600_000);
      if (uses.length < SENDS_PER_HOUR && (uses.at(-1) ?? 0) < now - RESEND_AFTER_MS) {
        this.#uses[index] = [...uses, now];
        return emailAddress(index);
      }
    }
    throw new Error(`all ${ADDRESSES} addresses had a code in the last ${RESEND_AFTER_MS / 1000} s or ${SENDS_PER_HOUR} this hour`);
  }
}
/** One pool per environment: the profiled gateway continues where the measured one stopped. */
const pools = new Map();

async function emailOtpLogins(server) {
  await server.ensureEmailIdentities(ADDRESSES);
  await enable(server, { email: { enabled: true } });
  if (!pools.has(server.environmentId)) pools.set(server.environmentId, new AddressPool());
  const pool = pools.get(server.environmentId);
  const authorization = basicAuth(server.client);
  const iterate = async (_worker, agent) => {
    const email = pool.take();
    const sent = await send(new URL('/v3/auth/email/otp', server.url), json({ client_id: server.client.id, email }, { authorization }), agent);
    expectStatus(sent, 202, 'code request');
    const code = await server.inbox.codeFor(email);
    const verified = await send(new URL('/v3/auth/email/otp/verify', server.url), json({ client_id: server.client.id, email, code }, { authorization }), agent);
    expectStatus(verified, 200, 'code verification');
    const tokens = JSON.parse(verified.text);
    if (typeof tokens.access_token !== 'string' || tokens.auth?.provider !== 'email' || tokens.auth?.providerUid !== email) {
      throw new IterationError('no access token for this address', verified);
    }
  };
  await retried(() => iterate(0), 'an email-OTP login');
  return { url: server.url, unit: 'logins/s', iterate };
}

async function anonymousLogins(server) {
  await enable(server, { anonymous: { enabled: true } });
  const request = {
    url: server.url,
    method: 'POST',
    path: '/v3/auth/anonymous',
    headers: { 'content-type': 'application/json', authorization: basicAuth(server.client) },
    body: JSON.stringify({ client_id: server.client.id }),
  };
  await retried(async () => {
    const response = await sendOnce(request);
    expect(response.status === 200 && typeof response.json?.access_token === 'string' && response.json.auth?.provider === 'anonymous', `${server.key}: anonymous login failed`, response);
  }, 'an anonymous login');
  return request;
}

export const SCENARIOS = [
  { id: 'j1', set: 'j', title: 'email-OTP login: code requested, mailed, read, verified (round trips/s)', build: { rapidauth: emailOtpLogins } },
  {
    id: 'j2',
    set: 'j',
    title: 'anonymous login (logins/s)',
    build: { rapidauth: anonymousLogins, 'rapidauth-default': anonymousLogins, 'rapidauth-default-warn': anonymousLogins },
  },
];
