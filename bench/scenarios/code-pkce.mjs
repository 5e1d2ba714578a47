// (d) the full authorization code + PKCE (S256) sign-in through the login page, from the
// authorization request to the tokens (bench/scenarios/sign-in.mjs: 3 HTTP requests on RapidAuth,
// 5 on oidc-provider, which sends the browser through its interaction URL and back). One
// iteration = one complete sign-in with a fresh cookie jar, so every one shows the login page and
// verifies an argon2id password hash (the dominant cost); measured in sign-ins per second.
// Connection i signs user i in: distinct users, as in real traffic (a success only resets the
// user's failed-login counter, so nobody gets locked).
import { checkTokens, signIn } from './sign-in.mjs';

export const id = 'd';
export const title = 'code + PKCE sign-in via login page [flows/s]';

async function flow(server, { connections }) {
  await server.ensureUsers(connections);
  // One full iteration checked before any load.
  checkTokens(server, await signIn(server, 0));

  return {
    url: server.url,
    unit: 'flows/s',
    iterate: async (worker, agent) => {
      await signIn(server, worker, agent);
    },
  };
}

export const build = {
  'oidc-provider': flow,
  rapidauth: flow,
};
