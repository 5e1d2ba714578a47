import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { urlencoded } from 'express';
import fc from 'fast-check';
import { decodeUtf8, isPlainForm, parsePlainForm } from './read-form';

/** Express's own urlencoded parser, as create-http-app installs it (64kb in the gateway), over these bytes. */
function expressParses(bytes: Buffer): Promise<{ body?: unknown; status?: number }> {
  const request = Object.assign(new Readable({ read: () => undefined }), {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(bytes.length) } as IncomingHttpHeaders,
  });
  request.push(bytes);
  request.push(null);
  return new Promise((resolve) => {
    urlencoded({ limit: '64kb', extended: false })(request as never, {} as never, (error?: unknown) =>
      resolve(error ? { status: (error as { status: number }).status } : { body: (request as { body?: unknown }).body }),
    );
  });
}

/** What the hot path makes of these bytes: the form, or undefined (handed to Express). */
const hotPathParses = (bytes: Buffer, chunkSize = bytes.length || 1) => {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return parsePlainForm(decodeUtf8(chunks));
};

/** Same keys in the same order (readParameters reports the first repeated one), same values. */
const entries = (form: unknown) => Object.entries(form as object);

describe('reading a form as Express does', () => {
  it('takes only a plain UTF-8 form with a length within the limit', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '30' };
    expect(isPlainForm(form, 65536)).toBe(true);
    expect(isPlainForm({ ...form, 'content-type': 'Application/X-WWW-Form-Urlencoded;Charset=UTF-8' }, 65536)).toBe(true);
    expect(isPlainForm({ ...form, 'content-encoding': 'identity' }, 65536)).toBe(true);
    expect(isPlainForm({ ...form, 'content-length': '65536' }, 65536)).toBe(true);
    // Express answers these itself (its parsers, its errors).
    expect(isPlainForm({ ...form, 'content-length': '65537' }, 65536)).toBe(false);
    expect(isPlainForm({ 'content-type': form['content-type'] }, 65536)).toBe(false);
    expect(isPlainForm({ ...form, 'transfer-encoding': 'chunked' }, 65536)).toBe(false);
    expect(isPlainForm({ ...form, 'content-encoding': 'gzip' }, 65536)).toBe(false);
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded; charset=iso-8859-1', 'application/x-www-form-urlencoded; charset=utf8', 'application/x-www-form-urlencoded; charset="utf-8"']) {
      expect(isPlainForm({ ...form, 'content-type': type }, 65536)).toBe(false);
    }
    expect(isPlainForm({ 'content-length': '30' }, 65536)).toBe(false);
    expect(isPlainForm({ ...form, 'content-length': '' }, 65536)).toBe(false);
  });

  it('decodes UTF-8 as raw-body does: a leading byte-order mark dropped, invalid bytes as U+FFFD, whatever the chunks', () => {
    const text = Buffer.from('\ufeffa=é€😀&b=\ufeff', 'utf8');
    expect(decodeUtf8([text])).toBe('a=é€😀&b=\ufeff');
    expect(decodeUtf8([...text].map((byte) => Buffer.from([byte])))).toBe('a=é€😀&b=\ufeff');
    expect(decodeUtf8([Buffer.from([0x61, 0x3d, 0xff, 0xc3])])).toBe('a=\ufffd\ufffd');
  });

  it('gives the forms Express gives, repeated names as arrays in order, and hands brackets and over 1000 parameters to Express', async () => {
    const cases = [
      'grant_type=client_credentials&scope=a+b%20c',
      'a=1&a=2&a=3&5=x&5=y&b',
      '=x&&__proto__=y&constructor=z&toString=w&hasOwnProperty=v',
      'x=%E0%A4%A&y=%zz&z=%&w=%2',
      'a%3Db=c%26d&e==f',
      '%C3%A9=%F0%9F%98%80',
    ];
    for (const text of cases) {
      const bytes = Buffer.from(text);
      expect(entries(hotPathParses(bytes))).toEqual(entries((await expressParses(bytes)).body));
    }
    for (const text of ['scope[]=a', '[grant_type]=x', '%5B0%5d=a', `a${'&a'.repeat(1000)}`]) {
      expect(hotPathParses(Buffer.from(text))).toBeUndefined();
    }
    expect((await expressParses(Buffer.from(`a${'&a'.repeat(1000)}`))).status).toBe(413);
    expect(entries(hotPathParses(Buffer.from(`a${'&a'.repeat(999)}`)))).toEqual([['a', Array(1000).fill('')]]);
  });

  it('agrees with Express on random bodies (property)', async () => {
    const piece = fc.oneof(
      fc.constantFrom('&', '=', '+', '%', '%2', '%25', '%3D', '%26', '%E2%82%AC', '%C3', '%FF', '[', ']', '%5B', '%5d', '__proto__', 'constructor', '0', '1', 'a', 'scope', 'é', '\ufeff', ' '),
      fc.string({ maxLength: 4, unit: 'grapheme' }),
    );
    const body = fc.oneof(
      fc.array(piece, { maxLength: 24 }).map((pieces) => Buffer.from(pieces.join(''), 'utf8')),
      fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 1, max: 8 }), async (bytes, chunkSize) => {
        const ours = hotPathParses(bytes, chunkSize);
        const theirs = await expressParses(bytes);
        if (ours === undefined) {
          // Handed to Express: only for what qs treats differently.
          expect(/[[\]]|%5[bd]/i.test(decodeUtf8([bytes]))).toBe(true);
        } else {
          expect(theirs.status).toBeUndefined();
          expect(entries(ours)).toEqual(entries(theirs.body));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
