import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';

/**
 * Reading a form body as Express's urlencoded parser does (create-http-app: body-parser with
 * `extended: false`, i.e. qs at depth 0), for the plain case only. Whatever is not plain goes to
 * Express, so its own parser gives its own answer: see `isPlainForm` and `parsePlainForm`.
 */

/** Lower-cased Content-Types that are a UTF-8 form to body-parser, and that its JSON parser skips. */
const PLAIN_FORM_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded;charset=utf-8',
]);

/** A Content-Length (Node has checked it already; this keeps `Number` honest). */
const DIGITS = /^\d+$/;

/** body-parser's `parameterLimit` (its default: create-http-app sets none); more is a 413. */
const PARAMETER_LIMIT = 1000;

/** Brackets, raw or percent-encoded: qs gives names like `a[]`, `[a]` or `[0]` meanings of their own. */
const BRACKETS = /[[\]]|%5[bd]/i;

/**
 * Whether the headers announce the plain case: a UTF-8 form, neither chunked nor compressed,
 * whose Content-Length is within the limit. Anything else (another type or charset, gzip,
 * chunked, too large, no length) is left to Express, which answers it as it always has.
 */
export function isPlainForm(headers: IncomingHttpHeaders, limit: number): boolean {
  const type = headers['content-type'];
  const length = headers['content-length'];
  const encoding = headers['content-encoding'];
  return (
    type !== undefined &&
    PLAIN_FORM_TYPES.has(type.toLowerCase()) &&
    headers['transfer-encoding'] === undefined &&
    (encoding === undefined || encoding.toLowerCase() === 'identity') &&
    length !== undefined &&
    DIGITS.test(length) &&
    Number(length) <= limit
  );
}

/**
 * The body's bytes, as they arrived; undefined when the client went away before the end (Node has
 * checked the length: a complete body is exactly Content-Length bytes). body-parser answers the
 * latter 400 on a connection that is gone: nobody can see that answer, so none is written.
 */
export function readBody(request: IncomingMessage): Promise<Buffer[] | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const gone = () => resolve(undefined);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => {
      request.off('aborted', gone).off('error', gone).off('close', gone);
      resolve(chunks);
    });
    request.once('aborted', gone).once('error', gone).once('close', gone);
  });
}

/**
 * The body as text, decoded as raw-body decodes UTF-8 for body-parser: iconv-lite, which is
 * Node's StringDecoder (invalid bytes become U+FFFD) with a leading byte-order mark dropped.
 */
export function decodeUtf8(chunks: readonly Buffer[]): string {
  const decoder = new StringDecoder('utf8');
  let text = '';
  for (const chunk of chunks) text += decoder.write(chunk);
  text += decoder.end();
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The form as body-parser + qs (depth 0) give it in the plain case: `&`-separated pairs, `+` and
 * percent-escapes decoded (a malformed escape is kept as it is), a pair without `=` has the value
 * "", a repeated name becomes the array of its values (readParameters refuses it), and nameless
 * pairs and `__proto__` are dropped. Undefined when qs would do more: names with brackets, or
 * over 1000 parameters (body-parser's 413) — the hot path hands those requests to Express.
 */
export function parsePlainForm(text: string): Record<string, string | string[]> | undefined {
  if (text.length === 0) return {};
  if (BRACKETS.test(text) || countParameters(text) > PARAMETER_LIMIT) return undefined;
  const form: Record<string, string | string[]> = {};
  for (const pair of text.split('&')) {
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    if (name === '' || name === '__proto__') continue;
    const value = equals === -1 ? '' : decodeComponent(pair.slice(equals + 1));
    const previous = Object.hasOwn(form, name) ? form[name] : undefined;
    if (previous === undefined) form[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else form[name] = [previous, value];
  }
  return form;
}

/** body-parser's count: one more than the `&`s. */
function countParameters(text: string): number {
  let count = 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) count++;
  return count;
}

/** qs's UTF-8 decoder: `+` is a space; an invalid percent-escape leaves the text undecoded. */
function decodeComponent(text: string): string {
  if (!text.includes('%')) return text.includes('+') ? text.replace(/\+/g, ' ') : text;
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
