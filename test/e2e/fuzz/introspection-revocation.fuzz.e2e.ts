import fc from 'fast-check';
import {
  anyText,
  b64url,
  checkWellFormed,
  checkedTooLarge,
  expectError,
  fail,
  formProbe,
  fuzzGateway,
  longText,
  MAX_PARAMETER_LENGTH,
  serverView,
  type Endpoint,
  type Field,
} from '../../support/fuzz';

/**
 * /oauth/introspect (RFC 7662) and /oauth/revoke (RFC 7009) with garbage and forged tokens. The
 * rules every answer is held to are described in test/support/fuzz/index.ts.
 */
describe('introspection and revocation endpoints under property tests (fast-check)', () => {
  jest.setTimeout(120_000);
  const { fixture, send, assertUnchanged, probes, goodCredentials } = fuzzGateway();

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
        const tooLong = view.some(([, value]) => value.length > MAX_PARAMETER_LENGTH);
        const tokenValue = view.find(([name]) => name === 'token')?.[1] ?? '';
        if (tooLong || tokenValue === '') {
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
});
