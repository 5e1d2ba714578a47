// (f) data-link proxy: GET /datalink/bench/items?x=1 through the gateway vs the same request sent
// straight to the backend (bench/servers/data-link-backend.mjs, pinned to the loader's core).
// The difference of the two p50/p99 is what the proxy adds: the user's access token verified
// (cached after the first request), the link found (in the gateway's cache after the first), the
// login read with its vault entry in one statement (the link's service has a header mapping; bench
// users are local, so no vault entry, nothing opened and no audit write), the request sent to the
// backend over a kept-alive connection and the answer streamed back.
//
// Only two servers take part: `rapidauth` (through the proxy) and `ceiling`, whose row in this
// scenario is the backend reached directly (the baseline), not the ceiling server.
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnPinned, waitForHttp } from '../lib/proc.mjs';
import { decodeJwt, expect, sendOnce } from './http.mjs';
import { signIn } from './sign-in.mjs';

export const id = 'f';
export const title = 'data-link proxy: added latency vs direct to the backend';

const require = createRequire(import.meta.url);
const BACKEND_CORE = 1;
const LINK = 'bench';
const PATH = '/items?x=1';

let backend;
/** One backend for the whole run (both builders use it); stopped with every other child at exit. */
function startBackend() {
  backend ??= (async () => {
    const port = await freePort();
    const handle = spawnPinned({
      name: 'data-link-backend',
      core: BACKEND_CORE,
      nodeArgs: [join(dirname(fileURLToPath(import.meta.url)), '..', 'servers', 'data-link-backend.mjs')],
      env: { PATH: process.env.PATH, PORT: String(port) },
      logFile: join(tmpdir(), `rapidauth-bench-data-link-backend-${process.pid}.log`),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(handle, `${url}/api/ready`);
    return { url };
  })();
  return backend;
}

/** Creates the link (and a header mapping on the token's service) in the gateway's database. */
async function createLink(server, backendUrl, serviceId) {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    await client.query(`INSERT INTO "data_link" ("environment_id", "name", "backend_url", "auth_service_id") VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      server.tenant.environmentId,
      LINK,
      `${backendUrl}/api`,
      serviceId,
    ]);
    await client.query(`UPDATE "auth_service" SET "config" = "config" || $1::jsonb WHERE "id" = $2`, [
      JSON.stringify({ headerMappings: [{ attribute: 'name', header: 'X-User-Name' }] }),
      serviceId,
    ]);
  } finally {
    await client.end();
  }
}

async function checked(request, label) {
  const response = await sendOnce(request);
  expect(response.status === 200 && Array.isArray(response.json?.items), `${label}: the data link request failed`, response);
  return request;
}

export const build = {
  ceiling: async () => {
    const { url } = await startBackend();
    return checked({ url, method: 'GET', path: `/api${PATH}` }, 'direct to the backend');
  },
  rapidauth: async (server) => {
    const { url } = await startBackend();
    await server.ensureUsers(1);
    const { access_token: accessToken } = await signIn(server, 0);
    await createLink(server, url, decodeJwt(accessToken).payload.svc);
    return checked({ url: server.url, method: 'GET', path: `/datalink/${LINK}${PATH}`, headers: { authorization: `Bearer ${accessToken}` } }, server.key);
  },
};
