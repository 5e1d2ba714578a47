// (k) Device PIN refresh and device registration (BENCH_SCENARIOS=k selects (k1) and (k2); not in the
// default set). RapidAuth only, on the tuned gateway (PostgreSQL): oidc-provider has no device
// registration or PIN-protected refresh to compare with (docs/gateway.md#device-registration,
// #device-profiles).
//
// (k1) PIN refreshes/s, (c)'s rotation with a PIN and a DPoP key in the path. Setup per connection i:
//   an app signature (the admin API; dpop required, loopback redirect URI, scopes openid offline_access;
//   its `secret` is the OCRA key), a device registered with it (challenge → OCRA answer → register),
//   user i signed in through the hosted page as that device client (HTTP Basic, a DPoP proof at the code
//   exchange: the profile is bound to the device's key for good), and the profile's PIN set with its
//   refresh token. One iteration:
//   POST /oauth/token  grant_type=…:pin-refresh, refresh_token, pin  (HTTP Basic device credentials,
//                      a fresh DPoP proof)                          → 200, DPoP-bound tokens and the
//                                                                     next refresh token, chained
//   what the gateway does beyond (c): the device client's secret checked, the proof verified and its
//   jti claimed (the dpop_proof_jti table: no REDIS_URL), the PIN checked against its argon2id hash
//   and the count of wrong attempts reset, in the rotation's transaction.
// (k2) device registrations/s, one app signature, one iteration:
//   POST /v3/devices/challenge {identifier, version, platform} → 200 {registration_id, challenge}
//   the OCRA answer computed (bench/lib/ocra.mjs)
//   POST /v3/devices/register  {registration_id, ocra_response} → 201, a new device client
//   (the per-address registration limit is out of reach on the bench gateway, bench/servers/index.mjs).
import { randomBytes } from 'node:crypto';
import { dpopKey, dpopProof } from '../lib/dpop.mjs';
import { Browser, IterationError, authorizationRequest, expectStatus, form, json, send, workerAgent } from '../lib/flows.mjs';
import { OCRA_SUITE, ocraResponse } from '../lib/ocra.mjs';
import { REDIRECT_URI, userName } from '../servers/index.mjs';
import { basicAuth, decodeJwt } from './http.mjs';
import { rapidAuthLoginCode } from './sign-in.mjs';

const PIN_REFRESH_GRANT_TYPE = 'urn:rapidauth:grant-type:pin-refresh';
const DEVICE_SCOPE = 'openid offline_access';
const PIN = '480913';

/**
 * An app build approved in the server's environment through its admin API: `{identifier, version,
 * platform, secret}`. A build approved in two environments cannot register, and the profiled gateway
 * provisions another environment on the same database: so each build gets a version of its own.
 */
async function approveBuild(server, identifier, index) {
  const api = await server.admin();
  const version = `1.0.${index}+${randomBytes(4).toString('hex')}`;
  const signature = await api('POST', `/v1/environments/${server.environmentId}/app-signatures`, {
    identifier,
    version,
    platform: 'android',
    redirectUris: [REDIRECT_URI],
    scopes: DEVICE_SCOPE.split(' '),
    dpop: 'required',
  });
  if (signature.ocraSuite !== OCRA_SUITE || !/^[0-9a-f]+$/i.test(signature.secret ?? '')) {
    throw new Error(`bench (k): app signature without a ${OCRA_SUITE} key: ${JSON.stringify({ ...signature, secret: undefined })}`);
  }
  return { identifier, version, platform: 'android', secret: signature.secret };
}

/** A device of `build` registered as the SDK does it: the challenge, the OCRA answer, the registration; its client `{id, secret}`. */
async function registerDevice(server, build, agent) {
  const { identifier, version, platform } = build;
  const asked = await send(new URL('/v3/devices/challenge', server.url), json({ identifier, version, platform }), agent);
  expectStatus(asked, 200, 'device challenge');
  const { registration_id: registrationId, ocra_suite: suite, challenge } = JSON.parse(asked.text);
  if (suite !== OCRA_SUITE) throw new IterationError(`device challenge: suite ${suite}, not ${OCRA_SUITE}`, asked);
  const registered = await send(new URL('/v3/devices/register', server.url), json({ registration_id: registrationId, ocra_response: ocraResponse(build.secret, challenge) }), agent);
  expectStatus(registered, 201, 'device registration');
  const client = JSON.parse(registered.text);
  if (typeof client.client_id !== 'string' || typeof client.client_secret !== 'string' || client.dpop_bound_access_tokens !== true) {
    throw new IterationError('device registration: no DPoP-bound client credentials', registered);
  }
  return { id: client.client_id, secret: client.client_secret };
}

/** A token answer to the device: 200 with DPoP-bound tokens of its profile and the next refresh token. */
function deviceTokens(response, step, profileId) {
  expectStatus(response, 200, step);
  const tokens = JSON.parse(response.text);
  if (typeof tokens.access_token !== 'string' || typeof tokens.refresh_token !== 'string' || tokens.token_type !== 'DPoP' || typeof tokens.profile_id !== 'string') {
    throw new IterationError(`${step}: no DPoP-bound tokens with a profile_id`, response);
  }
  if (profileId !== undefined && tokens.profile_id !== profileId) throw new IterationError(`${step}: tokens of profile ${tokens.profile_id}, not ${profileId}`, response);
  return tokens;
}

/**
 * Connection `index`'s device, ready for PIN refreshes: its own build and registration, user
 * `index` signed in as it with a DPoP key, the profile's PIN set. `{tokenUrl, authorization, key,
 * profileId, refreshToken}`.
 */
async function deviceWithPin(server, index, agent) {
  const client = await registerDevice(server, await approveBuild(server, 'com.bench.pin-refresh', index), agent);
  const authorization = basicAuth(client);
  const key = await dpopKey();
  const tokenUrl = new URL(server.endpoints.token, server.url).href;

  const request = authorizationRequest(server.endpoints.authorization, { clientId: client.id, redirectUri: REDIRECT_URI, scope: DEVICE_SCOPE });
  const code = await rapidAuthLoginCode(new Browser(server.url, agent), request, userName(index), REDIRECT_URI);
  const exchanged = await send(
    tokenUrl,
    form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: request.verifier }, { authorization, dpop: await dpopProof(key, 'POST', tokenUrl) }),
    agent,
  );
  const tokens = deviceTokens(exchanged, 'code exchange');

  const pinUrl = new URL(`/v3/devices/profiles/${encodeURIComponent(tokens.profile_id)}/pin`, server.url).href;
  const pinSet = await send(
    pinUrl,
    { method: 'PUT', headers: { 'content-type': 'application/json', authorization, dpop: await dpopProof(key, 'PUT', pinUrl) }, body: JSON.stringify({ refresh_token: tokens.refresh_token, pin: PIN }) },
    agent,
  );
  expectStatus(pinSet, 204, 'PIN set');
  return { tokenUrl, authorization, key, profileId: tokens.profile_id, refreshToken: tokens.refresh_token };
}

/** One grant request of `device`'s profile with its refresh token and a fresh proof. */
async function grant(device, params, agent) {
  const body = form({ refresh_token: device.refreshToken, ...params }, { authorization: device.authorization, dpop: await dpopProof(device.key, 'POST', device.tokenUrl) });
  return send(device.tokenUrl, body, agent);
}

async function pinRefreshes(server, { connections }) {
  await server.ensureUsers(connections);
  // Each device signs its user in from its own address, as under load (bench/lib/flows.mjs).
  const setupAgents = Array.from({ length: connections }, (_, i) => workerAgent(i));
  const devices = await Promise.all(Array.from({ length: connections }, (_, i) => deviceWithPin(server, i, setupAgents[i])));
  setupAgents.forEach((agent) => agent.destroy());

  // Checked before any load: the PIN is what the chain needs (plain refresh refused, nothing spent), and one
  // PIN refresh rotates the token and binds the new access token to the device's key (connection 0's chain advances).
  const [first] = devices;
  const plain = await grant(first, { grant_type: 'refresh_token' });
  if (plain.status !== 400 || JSON.parse(plain.text).code !== 'PIN_REQUIRED') throw new IterationError(`${server.key}: a plain refresh of a profile with a PIN was not refused with PIN_REQUIRED`, plain);
  const refreshed = deviceTokens(await grant(first, { grant_type: PIN_REFRESH_GRANT_TYPE, pin: PIN }), 'PIN refresh', first.profileId);
  if (refreshed.refresh_token === first.refreshToken) throw new Error(`${server.key}: the refresh token was not rotated`);
  const access = decodeJwt(refreshed.access_token);
  if (access.header.alg !== 'ES256' || access.payload.cnf?.jkt !== first.key.thumbprint || access.payload.sid !== first.profileId) {
    throw new Error(`${server.key}: the access token is not an ES256 JWT bound to the device's key for its profile (${JSON.stringify(access)})`);
  }
  first.refreshToken = refreshed.refresh_token;

  return {
    url: server.url,
    unit: 'refreshes/s',
    iterate: async (worker, agent) => {
      const device = devices[worker];
      device.refreshToken = deviceTokens(await grant(device, { grant_type: PIN_REFRESH_GRANT_TYPE, pin: PIN }, agent), 'PIN refresh', device.profileId).refresh_token;
    },
  };
}

async function registrations(server) {
  const build = await approveBuild(server, 'com.bench.registration', 0);
  const iterate = async (_worker, agent) => {
    await registerDevice(server, build, agent);
  };
  await iterate(0);
  return { url: server.url, unit: 'registrations/s', iterate };
}

export const SCENARIOS = [
  { id: 'k1', set: 'k', title: 'device PIN refresh with rotation and a DPoP proof (refreshes/s)', build: { rapidauth: pinRefreshes } },
  { id: 'k2', set: 'k', title: 'device registration: challenge, OCRA answer, register (registrations/s)', build: { rapidauth: registrations } },
];
