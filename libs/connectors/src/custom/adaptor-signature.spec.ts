import { createHmac } from 'node:crypto';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeaders, signatureProblem } from './adaptor-signature';

const SECRET = 's'.repeat(32);
const NOW = new Date('2026-03-01T12:00:00Z');
const BODY = '{"op":"ping"}';

const headersOf = (signed: ReturnType<typeof signatureHeaders>) => ({ timestamp: signed[TIMESTAMP_HEADER], signature: signed[SIGNATURE_HEADER] });
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('adaptor signature', () => {
  it('is v1=<hex HMAC-SHA256(secret, timestamp + "." + body)> with the timestamp in unix seconds', () => {
    const signed = signatureHeaders(SECRET, BODY, NOW);
    expect(signed[TIMESTAMP_HEADER]).toBe('1772366400');
    const expected = createHmac('sha256', SECRET).update(`1772366400.${BODY}`).digest('hex');
    expect(signed[SIGNATURE_HEADER]).toBe(`v1=${expected}`);
  });

  it('signs the body bytes: a string and its UTF-8 bytes sign alike', () => {
    const body = '{"name":"Zoë"}';
    expect(signatureHeaders(SECRET, Buffer.from(body, 'utf8'), NOW)).toEqual(signatureHeaders(SECRET, body, NOW));
  });

  it('accepts its own signature within 60 s either way of the clock', () => {
    const headers = headersOf(signatureHeaders(SECRET, BODY, NOW));
    for (const skew of [0, 60, -60]) expect(signatureProblem(SECRET, headers, BODY, at(skew))).toBeUndefined();
  });

  it('refuses a timestamp more than 60 s off', () => {
    const headers = headersOf(signatureHeaders(SECRET, BODY, NOW));
    expect(signatureProblem(SECRET, headers, BODY, at(61))).toMatch(/61 s off/);
    expect(signatureProblem(SECRET, headers, BODY, at(-61))).toMatch(/61 s off/);
  });

  it('refuses another secret, another body and another timestamp', () => {
    const headers = headersOf(signatureHeaders(SECRET, BODY, NOW));
    expect(signatureProblem('t'.repeat(32), headers, BODY, NOW)).toMatch(/does not match/);
    expect(signatureProblem(SECRET, headers, '{"op":"pong"}', NOW)).toMatch(/does not match/);
    expect(signatureProblem(SECRET, { ...headers, timestamp: String(Number(headers.timestamp) + 1) }, BODY, NOW)).toMatch(/does not match/);
  });

  it('refuses missing headers and malformed values without echoing them', () => {
    const { timestamp, signature } = headersOf(signatureHeaders(SECRET, BODY, NOW));
    expect(signatureProblem(SECRET, { timestamp: null, signature }, BODY, NOW)).toMatch(/not signed/);
    expect(signatureProblem(SECRET, { timestamp, signature: undefined }, BODY, NOW)).toMatch(/not signed/);
    expect(signatureProblem(SECRET, { timestamp: '1772366400.5', signature }, BODY, NOW)).toMatch(/unix seconds/);
    expect(signatureProblem(SECRET, { timestamp: '-1', signature }, BODY, NOW)).toMatch(/unix seconds/);
    for (const bad of [signature.slice(3), `v2=${signature.slice(3)}`, `${signature}00`, 'v1=zz', `v1=${'0'.repeat(63)}`]) {
      const problem = signatureProblem(SECRET, { timestamp, signature: bad }, BODY, NOW);
      expect(problem).toMatch(/not v1=/);
      expect(problem).not.toContain(bad);
    }
  });

  it('accepts upper-case hex, as HMAC libraries differ', () => {
    const { timestamp, signature } = headersOf(signatureHeaders(SECRET, BODY, NOW));
    expect(signatureProblem(SECRET, { timestamp, signature: `v1=${signature.slice(3).toUpperCase()}` }, BODY, NOW)).toBeUndefined();
  });
});
