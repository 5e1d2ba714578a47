// (a) client_credentials token issuance: POST the token endpoint with HTTP Basic client
// authentication and scope=orders:read; every response is a new ES256 JWT access token.
import { SCOPE } from '../servers/index.mjs';
import { basicAuth, decodeJwt, expect, formPost, sendOnce } from './http.mjs';

export const id = 'a';
export const title = 'client_credentials token (ES256 JWT)';

function tokenRequest(server) {
  return formPost(server, server.endpoints.token, { grant_type: 'client_credentials', scope: SCOPE }, { authorization: basicAuth(server.client) });
}

/** Checks one response is what we mean to measure (a signed ES256 at+jwt), then returns the load. */
async function checked(server) {
  const request = tokenRequest(server);
  const response = await sendOnce(request);
  expect(response.status === 200 && typeof response.json?.access_token === 'string', `${server.key}: token request failed`, response);
  const { header } = decodeJwt(response.json.access_token);
  expect(header.alg === 'ES256' && header.typ === 'at+jwt', `${server.key}: not an ES256 at+jwt (${JSON.stringify(header)})`, response);
  return request;
}

/** Setup/request builders per server (the same request for the three). */
export const build = {
  ceiling: checked,
  'oidc-provider': checked,
  rapidauth: checked,
  'rapidauth-nometrics': checked,
  'rapidauth-default': checked,
  'rapidauth-default-warn': checked,
  'nest-floor': checked,
};
