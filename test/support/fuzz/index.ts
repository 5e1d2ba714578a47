/**
 * Support of the property tests (fast-check, test/e2e/fuzz/) over the form bodies and headers of
 * POST /oauth/token, /oauth/introspect and /oauth/revoke, each suite against one gateway started
 * in its process: no 500 for any malformed input, every rejection a clear error that changes
 * nothing, and secrets never sent back.
 *
 * Every rejection must be a 4xx whose body is JSON with string `error`, `error_description` and
 * `code`; 200 only for a valid request; no submitted secret (client_secret, password, the
 * password or the whole credentials of a Basic header) in any response body; and after the
 * properties that send only invalid requests, the rows of the token and client tables are exactly
 * as before. Each property covers one family of inputs, so that one bug does not hide another.
 * fast-check prints the seed and the shrunk counterexample of a failure; replay it with
 * `{ seed, path }` added to that property's fc.assert options. FUZZ_SCALE=10 runs ten times as
 * many cases.
 */

export * from './answers';
export * from './arbitraries';
export * from './gateway';
export * from './requests';
