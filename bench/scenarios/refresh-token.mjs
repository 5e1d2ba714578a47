// (c) refresh_token grant with rotation: every answer carries a new refresh token and spends the
// one presented (presenting a spent one again revokes the family on both servers), so each
// connection chains its own: setup signs user i in once (bench/scenarios/sign-in.mjs) for
// connection i's first refresh token, and every request presents the token the previous answer
// gave. One iteration = one POST to the token endpoint (public native app, client_id only),
// answered with a new ES256 JWT access token, an RS256 ID token (scope openid) and the next
// refresh token. Driven by bench/lib/flows.mjs, which lets requests in flight finish at the end
// of a run, so no chain is ever broken between runs.
import { workerAgent } from '../lib/flows.mjs';
import { checkTokens, refresh, signIn } from './sign-in.mjs';

export const id = 'c';
export const title = 'refresh_token with rotation (public app)';

async function chains(server, { connections }) {
  await server.ensureUsers(connections);
  // Each user signs in from its own address, as under load (a login storm from one address is
  // what RapidAuth's address lockout refuses).
  const setupAgents = Array.from({ length: connections }, (_, i) => workerAgent(i));
  const tokens = await Promise.all(Array.from({ length: connections }, (_, i) => signIn(server, i, setupAgents[i])));
  setupAgents.forEach((agent) => agent.destroy());
  const latest = tokens.map((t) => t.refresh_token);

  // One full iteration checked before any load (it advances connection 0's chain, as load would).
  const first = await refresh(server, latest[0]);
  if (first.refresh_token === latest[0]) throw new Error(`${server.key}: the refresh token was not rotated`);
  checkTokens(server, first);
  latest[0] = first.refresh_token;

  return {
    url: server.url,
    unit: 'req/s',
    iterate: async (worker, agent) => {
      latest[worker] = (await refresh(server, latest[worker], agent)).refresh_token;
    },
  };
}

export const build = {
  'oidc-provider': chains,
  rapidauth: chains,
};
