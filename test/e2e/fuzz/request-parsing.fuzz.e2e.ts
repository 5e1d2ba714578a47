import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  anyText,
  BODY_LIMIT_BYTES,
  checkRejected,
  checkTokenResponse,
  checkWellFormed,
  checkedTooLarge,
  encodeForm,
  endpoint,
  expectError,
  fail,
  formProbe,
  fuzzGateway,
  longText,
  malformedBasic,
  randomFields,
  runs,
  secretsOf,
  type Endpoint,
  type Field,
  type Probe,
} from '../../support/fuzz';

/**
 * What all three endpoints (/oauth/token, /oauth/introspect, /oauth/revoke) share: reading the
 * request (form fields, content types, encodings, sizes, headers) and client authentication.
 * The rules every answer is held to are described in test/support/fuzz/index.ts.
 */
describe('token, introspection and revocation endpoints: request parsing under property tests (fast-check)', () => {
  jest.setTimeout(120_000);
  const { fixture, send, assertUnchanged, probes, envBasic, envPost, realIds, wrongSecret, wrongCredentials, goodCredentials, baseFields, randomFieldProbes } = fuzzGateway();

  it('answers random form fields without valid credentials with a clean 4xx, and changes nothing', async () => {
    await assertUnchanged(
      fc.asyncProperty(probes(randomFieldProbes()), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      600,
    );
  });

  it('refuses repeated fields with 400 invalid_request even with valid credentials, and changes nothing', async () => {
    const arbitrary = endpoint.chain((path) =>
      fc
        .tuple(
          goodCredentials(path),
          fc.constantFrom(...(path === '/oauth/token' ? ['grant_type', 'scope', 'client_id', 'client_secret'] : ['token', 'token_type_hint', 'client_id', 'client_secret'])),
          fc.array(fc.oneof(fc.constant('client_credentials'), fc.constant('orders:read'), fc.constant(''), anyText(20)), { minLength: 1, maxLength: 4 }),
          fc.boolean(),
        )
        .map(([credentials, name, values, sameValue]) => {
          // The request as a client would send it, valid, then `name` once or more again.
          const fields: Field[] = [...credentials.fields, ...baseFields(path)];
          if (name === 'client_id' && credentials.basicId) fields.push(['client_id', credentials.basicId]);
          let first = fields.find(([n]) => n === name);
          if (!first) fields.push((first = [name, values[0]]));
          for (const value of values) fields.push([name, sameValue ? first[1] : value]);
          return formProbe(`repeated ${name}`, path, fields, { ...credentials, fields: [] });
        }),
    );
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        expectError(probe, await send(probe), 400, ['invalid_request']);
      }),
      300,
    );
  });

  it('refuses malformed HTTP Basic credentials with 401 invalid_client, and changes nothing', async () => {
    const { tenant } = fixture;
    const secrets = fc.oneof(wrongSecret(), fc.constant(tenant.appSecret));
    // With the real secret, these scheme spellings are valid (RFC 7235: case-insensitive, any spacing).
    const validSpellings = ['basic scheme "basic "', 'basic scheme "BASIC "', 'basic scheme "Basic  "'];
    const arbitrary = fc
      .tuple(endpoint, malformedBasic(realIds(), secrets).filter((c) => !(validSpellings.includes(c.label) && c.secrets.includes(tenant.appSecret))))
      .map(([path, credentials]) => formProbe('malformed Basic', path, baseFields(path), credentials));
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        expectError(probe, exchange, 401, ['invalid_client']);
        const sentBasic = /^basic /i.test((probe.headers.authorization ?? '').trim());
        if (sentBasic && !/^Basic /.test(exchange.wwwAuthenticate ?? '')) fail(probe, exchange, '401 to a Basic attempt without WWW-Authenticate: Basic');
      }),
      450,
    );
  });

  it('refuses bodies that are not application/x-www-form-urlencoded even with valid credentials, and changes nothing', async () => {
    const multipart = (fields: readonly Field[], boundary: string) =>
      `${fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}--${boundary}--\r\n`;
    const arbitrary = endpoint.chain((path) =>
      fc
        .tuple(
          goodCredentials(path),
          fc.constantFrom(
            'json',
            'json charset',
            'text/plain',
            'multipart',
            'none',
            'application/xml',
            'form typo',
            'form unsupported charset',
            'form+json',
            'octet-stream',
          ),
          fc.constantFrom('b0undary', '----WebKitFormBoundary7MA4YWxkTrZu0gW', ''),
        )
        .map(([credentials, type, boundary]) => {
          const fields = [...credentials.fields, ...baseFields(path)];
          const headers: Record<string, string> = { ...credentials.headers };
          let body: string = encodeForm(fields);
          switch (type) {
            case 'json':
            case 'json charset':
              headers['content-type'] = type === 'json' ? 'application/json' : 'application/json; charset=utf-8';
              body = JSON.stringify(Object.fromEntries(fields));
              break;
            case 'text/plain':
              headers['content-type'] = 'text/plain;charset=UTF-8';
              break;
            case 'multipart':
              headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
              body = multipart(fields, boundary);
              break;
            case 'none':
              break;
            case 'application/xml':
              headers['content-type'] = 'application/xml';
              body = `<request>${fields.map(([n, v]) => `<${n}>${v}</${n}>`).join('')}</request>`;
              break;
            case 'form typo':
              headers['content-type'] = 'application/x-www-form-urlencode';
              break;
            case 'form unsupported charset':
              headers['content-type'] = `application/x-www-form-urlencoded; charset=${boundary ? 'utf-16le' : 'koi8-r'}`;
              break;
            case 'form+json':
              headers['content-type'] = 'application/x-www-form-urlencoded+json';
              break;
            case 'octet-stream':
              headers['content-type'] = 'application/octet-stream';
              break;
          }
          return { kind: `content type ${type} (${credentials.label})`, path, headers, body: Buffer.from(body), ...secretsOf(fields, credentials, headers) };
        }),
    );
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        checkRejected(probe, exchange);
        if (![400, 415].includes(exchange.status)) fail(probe, exchange, 'expected 400 or 415');
      }),
      200,
    );
  });

  it('refuses malformed JSON with a clean 4xx, and changes nothing', async () => {
    const truncatedJson = fc.tuple(fc.json(), fc.nat()).map(([json, cut]) => json.slice(0, cut % (json.length + 1)));
    const arbitrary = fc
      .tuple(
        endpoint,
        fc.oneof(
          anyText(200),
          truncatedJson,
          fc.json().map((json) => `${json}}`),
          fc.json(),
          fc.constantFrom('{', '{"grant_type":', '{"grant_type":"client_credentials",}', "{'a':1}", 'NaN', '[1,]', '{"a":1}{"b":2}', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', 'null', '"x"', '1e999999', '{"a":"\\ud800"}', '{"a":"\\u00"}'),
          longText(60 * 1024, 70 * 1024).map((s) => `{"x":"${s.replace(/["\\]/g, '')}"}`),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-16', 'application/json; charset=latin1', 'application/json; charset=utf-8; x="'),
        wrongCredentials(),
      )
      .map(([path, body, contentType, credentials]): Probe => {
        const headers = { ...credentials.headers, 'content-type': contentType };
        return { kind: `JSON body (${credentials.label})`, path, headers, body: Buffer.from(body), ...secretsOf([...credentials.fields], credentials, headers), others: [...credentials.others, body, contentType] };
      });
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      300,
    );
  });

  it('answers random raw bytes with a clean 4xx, and changes nothing', async () => {
    const arbitrary = fc
      .tuple(
        endpoint,
        fc.oneof({ arbitrary: fc.uint8Array({ maxLength: 512 }), weight: 8 }, { arbitrary: fc.uint8Array({ minLength: 60 * 1024, maxLength: 70 * 1024 }), weight: 1 }),
        fc.option(fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data', '*/*', 'application/x-www-form-urlencoded; charset=iso-8859-1', ';', '/', 'application/x-www-form-urlencoded;;;', 'application/x-www-form-urlencoded; charset="utf-8'), { nil: undefined }),
        wrongCredentials(),
      )
      .map(([path, bytes, contentType, credentials]): Probe => {
        const headers: Record<string, string> = { ...credentials.headers };
        if (contentType !== undefined) headers['content-type'] = contentType;
        return { kind: `raw bytes (${credentials.label})`, path, headers, body: bytes, secrets: credentials.secrets, others: [...credentials.others, Buffer.from(bytes).toString('latin1'), Buffer.from(bytes).toString('utf8')] };
      });
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      300,
    );
  });

  it('answers compressed and falsely compressed bodies with a clean 4xx, and changes nothing', async () => {
    const arbitrary = fc
      .tuple(
        endpoint,
        randomFields,
        fc.uint8Array({ maxLength: 256 }),
        fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'x-gzip', 'compress', 'identity', 'gzip, deflate', 'GZIP', 'bogus'),
        fc.constantFrom('garbage', 'gzip', 'deflate', 'br', 'truncated gzip'),
        wrongCredentials(),
      )
      .map(([path, fields, garbage, encoding, actual, credentials]): Probe => {
        const form = Buffer.from(encodeForm([...credentials.fields, ...fields]));
        const body =
          actual === 'garbage'
            ? Buffer.from(garbage)
            : actual === 'gzip'
              ? gzipSync(form)
              : actual === 'deflate'
                ? deflateSync(form)
                : actual === 'br'
                  ? brotliCompressSync(form)
                  : gzipSync(form).subarray(0, Math.max(1, Math.floor(gzipSync(form).length / 2)));
        const headers = { ...credentials.headers, 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': encoding };
        return { kind: `content-encoding ${encoding}, body ${actual} (${credentials.label})`, path, headers, body, ...secretsOf([...credentials.fields, ...fields], credentials, headers) };
      });
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      300,
    );
  });

  it('accepts bodies up to 64 KiB and answers larger ones 413 REQUEST_TOO_LARGE', async () => {
    const padding = fc.constantFrom('x', '%C3%A9', 'é', '€', '😀');
    const arbitrary = fc
      .tuple(fc.constantFrom<Endpoint>('/oauth/token', '/oauth/introspect'), fc.integer({ min: BODY_LIMIT_BYTES - 2048, max: BODY_LIMIT_BYTES + 2048 }), padding, fc.constantFrom(envBasic(), envPost()))
      .map(([path, size, pad, credentials]) => {
        // Parameters of at most 3000 characters each, filling the body to exactly `size` bytes.
        const head = encodeForm([...credentials.fields, ...baseFields(path)]);
        let body = head;
        for (let i = 0; Buffer.byteLength(body) < size; i++) {
          const prefix = `&p${i}=`;
          const room = size - Buffer.byteLength(body) - prefix.length;
          const unit = Buffer.byteLength(pad);
          const value = room >= unit ? pad.repeat(Math.min(Math.floor(room / unit), Math.floor(3000 / pad.length))) : '';
          body += `${prefix}${value || 'y'.repeat(Math.max(0, room))}`;
        }
        const headers = { ...credentials.headers, 'content-type': 'application/x-www-form-urlencoded' };
        return { kind: `body of ${Buffer.byteLength(body)} bytes padded with ${pad} (${credentials.label})`, path, headers, body: Buffer.from(body), secrets: credentials.secrets, others: credentials.others } satisfies Probe;
      });
    await fc.assert(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        const exchange = await send(probe);
        if (checkedTooLarge(probe, exchange)) return;
        if (probe.path === '/oauth/token') {
          checkTokenResponse(probe, exchange);
        } else {
          checkWellFormed(probe, exchange);
          if (exchange.status !== 200 || exchange.text !== '{"active":false}') fail(probe, exchange, 'expected 200 {"active":false}');
        }
      }),
      { numRuns: runs(80) },
    );
  });

  it("answers over-long headers with a JSON error too (Node's 16 KiB header limit)", async () => {
    const arbitrary = fc
      .tuple(endpoint, fc.constantFrom('authorization', 'cookie', 'x-fuzz'), fc.integer({ min: 8 * 1024, max: 70 * 1024 }), fc.constantFrom('A', 'a=b; ', '%'))
      .map(([path, name, length, unit]): Probe => {
        const value = `${name === 'authorization' ? 'Basic ' : ''}${unit.repeat(Math.ceil(length / unit.length))}`.slice(0, length);
        const headers = { 'content-type': 'application/x-www-form-urlencoded', [name]: value };
        return { kind: `${name} header of ${length} characters`, path, headers, body: Buffer.from(encodeForm(baseFields(path))), secrets: [], others: [] };
      });
    await assertUnchanged(
      fc.asyncProperty(probes(arbitrary), async (probe) => {
        checkRejected(probe, await send(probe));
      }),
      20,
    );
  });
});
