import fc from 'fast-check';
import {
  anyText,
  b64url,
  basicCredentials,
  checkRejected,
  checkTokenResponse,
  checkWellFormed,
  checkedTooLarge,
  customScopes,
  expectError,
  fail,
  formProbe,
  fuzzGateway,
  longText,
  MAX_PARAMETER_LENGTH,
  tooLong,
  noCredentials,
  postCredentials,
  printable,
  randomFields,
  runs,
  SCOPE_TOKEN,
  serverView,
  withControl,
  type Endpoint,
  type Field,
} from '../../support/fuzz';

/**
 * The grants of /oauth/token (client_credentials with extra parameters and random scopes, garbage
 * authorization_code, refresh_token and password requests, the character set of its error
 * answers) and the tokens /oauth/introspect (RFC 7662) and /oauth/revoke (RFC 7009) are given:
 * garbage and forged ones. One file, so one gateway start, for both. The rules every answer is
 * held to are described in test/support/fuzz/index.ts.
 */
describe('token endpoint grants, introspection and revocation under property tests (fast-check)', () => {
  jest.setTimeout(120_000);
  const { fixture, send, assertUnchanged, probes, envBasic, envPost, goodCredentials, randomFieldProbes } = fuzzGateway();

  it('answers introspection and revocation of garbage and forged tokens as RFC 7662/7009 say, and changes nothing', async () => {
    const { accessToken, accessKid } = fixture;
    const [head, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const segment = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 120 });
    const forgedHeader = fc.record(
      {
        alg: fc.oneof(fc.constantFrom('ES256', 'RS256', 'none', 'HS256', 'ES384', 'EdDSA'), fc.jsonValue()),
        kid: fc.oneof(fc.constant(accessKid), fc.string(), fc.jsonValue()),
        typ: fc.oneof(fc.constantFrom('at+jwt', 'JWT', 'application/at+jwt'), fc.jsonValue()),
        crit: fc.oneof(fc.constant(['b64']), fc.array(fc.string(), { maxLength: 2 })),
        b64: fc.boolean(),
        jku: fc.webUrl(),
      },
      { requiredKeys: ['alg'] },
    );
    const forgedPayload = fc.oneof(
      fc.record(
        { ...Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, fc.constant(v)])), exp: fc.oneof(fc.constant(claims.exp), fc.integer(), fc.string()) } as Record<string, fc.Arbitrary<unknown>>,
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    const token = fc
      .oneof(
        anyText(200),
        fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
        fc
          .tuple(fc.oneof(forgedHeader.map((h) => b64url(JSON.stringify(h))), segment), fc.oneof(forgedPayload.map((p) => b64url(JSON.stringify(p ?? null))), segment), fc.oneof(fc.constant(signature), fc.uint8Array({ maxLength: 80 }).map(b64url), fc.constant('')))
          .map((parts) => parts.join('.')),
        // The real token changed where the signature covers it, or with its signature cut short.
        fc
          .tuple(fc.nat({ max: head.length + payload.length }), fc.constantFrom(...'ABCXYZabcxyz0189-_'), fc.constantFrom('replace', 'insert', 'delete'))
          .map(([at, char, how]) => {
            const signed = `${head}.${payload}`;
            const i = at === head.length ? at + 1 : at;
            const changed = how === 'replace' ? `${signed.slice(0, i)}${char}${signed.slice(i + 1)}` : how === 'insert' ? `${signed.slice(0, i)}${char}${signed.slice(i)}` : `${signed.slice(0, i)}${signed.slice(i + 1)}`;
            return `${changed}.${signature}`;
          }),
        fc.integer({ min: 1, max: signature.length }).map((cut) => `${head}.${payload}.${signature.slice(0, -cut)}`),
        fc.constantFrom(`${accessToken}.`, ` ${accessToken}`, `${accessToken}\n`, `${accessToken}=`, `Bearer ${accessToken}`, accessToken.split('.').reverse().join('.'), `${head}.${payload}`),
        longText(8000, 9000),
        longText(MAX_PARAMETER_LENGTH - 4, MAX_PARAMETER_LENGTH + 4),
        fc.constant(''),
      )
      .filter((t) => t !== accessToken);
    const arbitrary = fc.constantFrom<Endpoint>('/oauth/introspect', '/oauth/revoke').chain((path) =>
      fc
        .tuple(goodCredentials(path), token, fc.option(fc.oneof(fc.constantFrom('access_token', 'refresh_token', 'id_token'), anyText(20)), { nil: undefined }))
        .map(([credentials, value, hint]) =>
          formProbe(`${path === '/oauth/revoke' ? 'revoke' : 'introspect'} garbage token`, path, [['token', value], ...(hint === undefined ? [] : [['token_type_hint', hint] as Field])], credentials),
        ),
    );
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        if (checkedTooLarge(probe, exchange)) return;
        const view = serverView(Buffer.from(probe.body as Uint8Array).toString());
        const tooLongSeen = view.some(([name, value]) => tooLong(name, value));
        const tokenValue = view.find(([name]) => name === 'token')?.[1] ?? '';
        if (tooLongSeen || tokenValue === '') {
          expectError(probe, exchange, 400, ['invalid_request']);
          return;
        }
        checkWellFormed(probe, exchange);
        if (exchange.status !== 200) fail(probe, exchange, 'expected 200');
        const expected = probe.path === '/oauth/introspect' ? '{"active":false}' : '';
        if (exchange.text !== expected) fail(probe, exchange, `expected the body ${expected || '(empty)'}`);
      }),
      400,
    );
  });

  it('answers client_credentials with valid credentials and random extra parameters exactly as RFC 6749 says', async () => {
    const { tenant, registered } = fixture;
    const extraName = fc.oneof(
      { arbitrary: fc.constantFrom('client_id', 'client_secret', 'grant_type', 'scope', 'token', 'refresh_token', 'code', 'redirect_uri', 'username', 'password', 'resource', 'audience', 'toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'), weight: 3 },
      { arbitrary: fc.stringMatching(/^[A-Za-z_][\w.:-]{0,15}$/), weight: 2 },
    );
    const extraValue = fc.oneof(
      { arbitrary: anyText(30), weight: 8 },
      { arbitrary: fc.constant(''), weight: 2 },
      { arbitrary: fc.constantFrom(...customScopes, 'openid', 'orders:read orders:write', 'client_credentials'), weight: 3 },
      { arbitrary: fc.constantFrom(tenant.environment.appKey, registered.clientId, tenant.appSecret), weight: 2 },
      { arbitrary: longText(MAX_PARAMETER_LENGTH - 2, MAX_PARAMETER_LENGTH + 2), weight: 1 },
    );
    const arbitrary = fc.tuple(goodCredentials('/oauth/token'), fc.array(fc.tuple(extraName, extraValue), { maxLength: 6 })).map(([credentials, extras]) => ({
      ...formProbe('valid client_credentials + extras', '/oauth/token', [['grant_type', 'client_credentials'], ...extras], credentials),
      basicId: credentials.basicId,
    }));
    await fc.assert(
      fc.asyncProperty(
        arbitrary.map((probe) => printable(probe)),
        async (probe) => {
          const exchange = await send(probe);
          if (checkedTooLarge(probe, exchange)) return;
          const view = serverView(Buffer.from(probe.body as Uint8Array).toString());
          const counts = new Map<string, number>();
          for (const [name] of view) counts.set(name, (counts.get(name) ?? 0) + 1);
          const param = (name: string) => view.find(([n]) => n === name)?.[1] ?? '';
          const basicId = (probe as { basicId?: string }).basicId;
          if ([...counts.values()].some((n) => n > 1) || view.some(([name, value]) => tooLong(name, value))) {
            expectError(probe, exchange, 400, ['invalid_request']);
            return;
          }
          if (basicId !== undefined && (param('client_secret') !== '' || (param('client_id') !== '' && param('client_id') !== basicId))) {
            expectError(probe, exchange, 400, ['invalid_request']);
            return;
          }
          const scopes = param('scope').split(' ').filter(Boolean);
          if (scopes.some((scope) => !SCOPE_TOKEN.test(scope) || scope.length > 128)) {
            expectError(probe, exchange, 400, ['invalid_request']);
            return;
          }
          if (scopes.some((scope) => !customScopes.includes(scope))) {
            expectError(probe, exchange, 400, ['invalid_scope']);
            return;
          }
          checkTokenResponse(probe, exchange, [...new Set(scopes)]);
        },
      ),
      { numRuns: runs(400) },
    );
  });

  it('answers client_credentials with random scope strings with 200 and exactly that scope, or 400 invalid_scope/invalid_request', async () => {
    const separator = fc.constantFrom(' ', '  ', '\t', '+', ',', '\n', '%20', '\u00a0', '\u3000');
    const scope = fc.oneof(
      anyText(60),
      fc.array(fc.constantFrom(...customScopes), { minLength: 1, maxLength: 5 }).map((scopes) => scopes.join(' ')),
      fc.tuple(fc.array(fc.constantFrom(...customScopes), { minLength: 1, maxLength: 4 }), separator).map(([scopes, sep]) => scopes.join(sep)),
      fc.tuple(fc.array(fc.oneof(fc.constantFrom(...customScopes, 'openid', 'offline_access', 'ORDERS:READ', 'orders:*', 'orders:read\u0000'), anyText(12)), { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '  ')).map(([scopes, sep]) => ` ${scopes.join(sep)} `),
      fc.stringMatching(/^[\x21\x23-\x5b\x5d-\x7e]{1,140}$/),
      longText(100, 200),
    );
    const arbitrary = fc.tuple(fc.constantFrom(envBasic(), envPost()), scope).map(([credentials, value]) => formProbe('client_credentials with scope', '/oauth/token', [['grant_type', 'client_credentials'], ['scope', value]], credentials));
    await fc.assert(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        const requested = (serverView(Buffer.from(probe.body as Uint8Array).toString()).find(([name]) => name === 'scope')?.[1] ?? '').split(' ').filter(Boolean);
        if (requested.every((s) => customScopes.includes(s))) {
          checkTokenResponse(probe, exchange, [...new Set(requested)]);
          return;
        }
        const body = checkRejected(probe, exchange);
        if (exchange.status !== 400 || !['invalid_scope', 'invalid_request'].includes(body.error as string)) {
          fail(probe, exchange, 'expected 400 invalid_scope or invalid_request');
        }
      }),
      { numRuns: runs(400) },
    );
  });

  it('answers authorization_code, refresh_token and password grants with garbage parameters with 400, and changes nothing', async () => {
    const { tenant, registered, publicClientId, accessToken } = fixture;
    const verifierShaped = fc.stringMatching(/^[A-Za-z0-9._~-]{43,128}$/);
    // Checks run in order (client, grant type, scope, then the grant's own lookups): most scopes
    // here are valid or absent, so that the garbage reaches the code behind them.
    const scope = fc.oneof({ arbitrary: fc.constantFrom('openid', 'openid offline_access', 'orders:read', 'profile email'), weight: 2 }, { arbitrary: anyText(30), weight: 1 });
    const grant = fc.oneof(
      fc
        .record(
          {
            code: fc.oneof(anyText(60), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), longText(MAX_PARAMETER_LENGTH - 4, MAX_PARAMETER_LENGTH)),
            redirect_uri: fc.oneof(fc.constantFrom('https://app.example.com/cb', 'com.example.app:/cb', 'http://127.0.0.1/cb'), fc.webUrl(), anyText(40)),
            code_verifier: fc.oneof(verifierShaped, anyText(60)),
          },
          { requiredKeys: [] },
        )
        .map((params) => ['authorization_code', params] as const),
      fc
        .record({ refresh_token: fc.oneof(anyText(60), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.constant(accessToken)), scope }, { requiredKeys: [] })
        .map((params) => ['refresh_token', params] as const),
      {
        weight: 2,
        arbitrary: fc
          .record(
            {
              username: fc.oneof(
                { arbitrary: anyText(40), weight: 2 },
                { arbitrary: withControl, weight: 2 },
                { arbitrary: fc.constantFrom('admin', 'a\u0000b', '\u0000', ' ', 'ADMIN@EXAMPLE.COM', ''), weight: 2 },
                { arbitrary: fc.emailAddress(), weight: 1 },
                { arbitrary: longText(300, 400), weight: 1 },
              ),
              password: fc.oneof(anyText(40), withControl, fc.constantFrom('correct horse battery staple', '\u0000', ''), longText(250, 300)),
              scope,
            },
            { requiredKeys: ['username', 'password'] },
          )
          .map((params) => ['password', params] as const),
      },
    );
    const credentials = fc.constantFrom(
      envBasic(),
      envPost(),
      basicCredentials(`${tenant.environment.appKey}.${tenant.localService.id}`, tenant.appSecret, 'basic appKey.serviceId'),
      postCredentials(registered.clientId, registered.clientSecret, 'post registered client (client_credentials only)'),
      { ...noCredentials, label: 'public client_id', fields: [['client_id', publicClientId]] as Field[], others: [publicClientId] },
    );
    const arbitrary = fc
      .tuple(credentials, grant)
      .map(([creds, [grantType, params]]) =>
        formProbe(`${grantType} with garbage`, '/oauth/token', [['grant_type', grantType], ...(Object.entries(params) as Field[])], creds),
      );
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        if (checkedTooLarge(probe, exchange)) return;
        expectError(probe, exchange, 400, ['invalid_request', 'invalid_grant', 'invalid_scope', 'unauthorized_client']);
      }),
      200,
    );
  });

  it('writes error and error_description in the RFC 6749 §5.2 character set (no quotes, backslashes or non-ASCII)', async () => {
    // %x20-21 / %x23-5B / %x5D-7E: an answer that reflects input must not carry it raw.
    const NQSCHAR = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
    const extras = fc.tuple(goodCredentials('/oauth/token'), randomFields).map(([credentials, fields]) =>
      formProbe('valid client_credentials + random fields', '/oauth/token', [['grant_type', 'client_credentials'], ...fields], credentials),
    );
    await fc.assert(
      fc.asyncProperty(probes(fc.oneof(randomFieldProbes(), extras)), async (probe) => {
        const exchange = await send(probe);
        const body = checkWellFormed(probe, exchange);
        if (!body) return;
        for (const name of ['error', 'error_description'] as const) {
          if (!NQSCHAR.test(body[name] as string)) fail(probe, exchange, `${name} has characters outside %x20-21 / %x23-5B / %x5D-7E`);
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
