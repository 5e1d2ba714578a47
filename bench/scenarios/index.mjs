// The scenarios, in the order they run. Each module exports:
//   id      'a', 'b', ... (BENCH_SCENARIOS=a,b selects some)
//   set     optional: a name selecting several at once (BENCH_SCENARIOS=e: e1…e4 of ldap-login.mjs)
//   title   a short description for the table
//   build   { ceiling, 'oidc-provider', rapidauth, 'nest-floor'? }: async (server, { connections }) =>
//           a load target: autocannon request options ({ url, method, path, headers, body }, or
//           { url, requests: [...] }), or { url, unit, iterate } for bench/lib/flows.mjs when one
//           iteration is a chain of requests autocannon cannot express (cookies, redirects, a
//           token each answer replaces). A builder does its own setup (e.g. obtains a token, one
//           per connection if need be) and checks one request or iteration answers as expected
//           before any load; a server without a builder is skipped for that scenario. A target
//           may have `close()`, called once the scenario is measured (what it opened itself).
// Each scenario costs ~35 s per server with the defaults (3 s warm-up, 3 × 10 s).
import * as clientCredentials from './client-credentials.mjs';
import * as codePkce from './code-pkce.mjs';
import * as dataLink from './data-link.mjs';
import * as introspection from './introspection.mjs';
import * as refreshToken from './refresh-token.mjs';
import { SCENARIOS as DIRECTORY_LOGINS } from './ldap-login.mjs';
import { SCENARIOS as TOKEN_EXCHANGES } from './token-exchange.mjs';
import { SCENARIOS as SAML_LOGINS } from './saml-acs.mjs';
import * as oidcCallback from './oidc-callback.mjs';
import { SCENARIOS as OWN_IDENTITY_LOGINS } from './email-otp.mjs';
import { SCENARIOS as DEVICE_FLOWS } from './pin-refresh.mjs';

/**
 * (a)–(d) by default; on request: (e), directory and adaptor logins and the vault; (f), the data-link proxy;
 * (g), token exchange; (h), SAML ACS verifications (signed; signed + encrypted), (i), OIDC callback
 * completions, (j), email-OTP and anonymous logins, and (k), device PIN refresh and device registration,
 * both RapidAuth only.
 */
export const SCENARIOS = [
  clientCredentials,
  introspection,
  refreshToken,
  codePkce,
  ...DIRECTORY_LOGINS,
  dataLink,
  ...TOKEN_EXCHANGES,
  ...SAML_LOGINS,
  oidcCallback,
  ...OWN_IDENTITY_LOGINS,
  ...DEVICE_FLOWS,
];
