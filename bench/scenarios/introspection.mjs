// (b) introspection of one valid token: setup obtains one access token with client_credentials;
// the load POSTs it to the introspection endpoint with the same client's HTTP Basic credentials,
// and every response must be {"active": true, ...}.
//
// RapidAuth and the ceiling introspect their ES256 JWT (signature, claims, revocation check).
// oidc-provider refuses to introspect JWT access tokens, so it gets a token for its opaque
// resource server instead: an in-memory adapter lookup, no signature check (its best case).
import { SCOPE } from '../servers/index.mjs';
import { basicAuth, expect, formPost, sendOnce } from './http.mjs';

export const id = 'b';
export const title = 'introspection of one valid token';

async function obtainToken(server, extraParams = {}) {
  const response = await sendOnce(
    formPost(server, server.endpoints.token, { grant_type: 'client_credentials', scope: SCOPE, ...extraParams }, { authorization: basicAuth(server.client) }),
  );
  expect(response.status === 200 && typeof response.json?.access_token === 'string', `${server.key}: token request failed`, response);
  return response.json.access_token;
}

async function introspectionOf(server, token) {
  const request = formPost(server, server.endpoints.introspect, { token }, { authorization: basicAuth(server.client) });
  const response = await sendOnce(request);
  expect(response.status === 200 && response.json?.active === true, `${server.key}: introspection did not answer active: true`, response);
  return request;
}

export const build = {
  ceiling: async (server) => introspectionOf(server, await obtainToken(server)),
  'oidc-provider': async (server) => introspectionOf(server, await obtainToken(server, { resource: server.opaqueResource })),
  rapidauth: async (server) => introspectionOf(server, await obtainToken(server)),
  'rapidauth-nometrics': async (server) => introspectionOf(server, await obtainToken(server)),
  'rapidauth-default': async (server) => introspectionOf(server, await obtainToken(server)),
  'rapidauth-default-warn': async (server) => introspectionOf(server, await obtainToken(server)),
};
