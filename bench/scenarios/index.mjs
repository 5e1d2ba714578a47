// The scenarios, in the order they run. Each module exports:
//   id      'a', 'b', ... (BENCH_SCENARIOS=a,b selects some)
//   title   a short description for the table
//   build   { ceiling, 'oidc-provider', rapidauth, 'nest-floor'? }: async (server) => autocannon request options
//           ({ url, method, path, headers, body }, or { url, requests: [...] } for flows whose
//           requests depend on earlier responses). A builder does its own setup (e.g. obtains a
//           token) and checks one request answers as expected before any load; a server without a
//           builder is skipped for that scenario.
//
// Still to come, as more files here once the gateway implements them (not faked before). The
// gateway gained both (refresh rotation; /v3/oauth/auth with the hosted login) while this bench was
// being written, so they are the next step; mind the ~6 min budget of `npm run bench` (each
// scenario costs ~35 s per server with the defaults):
//   (c) refresh-token.mjs   refresh_token grant with rotation — when POST /oauth/token accepts
//                           grant_type=refresh_token. Each request must present the refresh token
//                           the previous response returned (autocannon `requests` with
//                           setupRequest/onResponse per connection), one family per connection.
//   (d) code-pkce.mjs       the full authorization_code + PKCE (S256) flow: GET /v3/oauth/auth →
//                           login form POST /v3/oauth/login → redirect with code → POST /oauth/token
//                           — when the gateway serves the authorization endpoint and hosted login.
//                           oidc-provider needs an interaction policy / findAccount for the same.
import * as clientCredentials from './client-credentials.mjs';
import * as introspection from './introspection.mjs';

export const SCENARIOS = [clientCredentials, introspection];
