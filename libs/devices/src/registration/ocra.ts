import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { OCRA_HASHES, type OcraSuite } from '../ocra/ocra-suite';

/** RFC 6287 §5.1: Q is 128 bytes, the question's bytes left-aligned and zero-padded. */
const QUESTION_BYTES = 128;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A fresh question in the suite's format and length (RFC 6287 §6.3 `QFxx`). */
export function ocraChallenge(suite: OcraSuite): string {
  const { format, length } = suite.challenge;
  if (format === 'H') return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
  const alphabet = format === 'N' ? '0123456789' : ALPHANUMERIC;
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** The time step (RFC 6287 §5.1 `T`) that `epochMs` falls in. */
export function ocraTimeStep(suite: OcraSuite, epochMs: number): number {
  return Math.floor(epochMs / 1000 / suite.timeStepSeconds);
}

/**
 * RFC 6287 §5.2: OCRA = Truncate(HMAC(K, OCRASuite | 0x00 | Q | T)) for the suites registration
 * accepts (a question and a timestamp, no counter, PIN or session), `digits` long.
 */
export function ocraResponse(suite: OcraSuite, key: Buffer, question: string, timeStep: number): string {
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(BigInt(timeStep));
  const dataInput = Buffer.concat([Buffer.from(suite.suite, 'ascii'), Buffer.from([0]), questionBytes(suite, question), timestamp]);
  const hmac = createHmac(OCRA_HASHES[suite.hash].algorithm, key).update(dataInput).digest();
  // RFC 4226 §5.3 dynamic truncation, as RFC 6287 §5.2 prescribes.
  const offset = hmac[hmac.length - 1] & 0x0f;
  const binary = ((hmac[offset] & 0x7f) << 24) | (hmac[offset + 1] << 16) | (hmac[offset + 2] << 8) | hmac[offset + 3];
  return String(binary % 10 ** suite.digits).padStart(suite.digits, '0');
}

/**
 * Which time step, within `window` steps of `now`, the response answers: every step is computed and
 * compared in constant time, whichever matches, so the time taken tells nothing. Null: none.
 */
export function matchingStepOffset(suite: OcraSuite, key: Buffer, question: string, response: string, now: number, window: number): number | null {
  const presented = Buffer.from(response, 'ascii');
  let match: number | null = null;
  for (let offset = -window; offset <= window; offset++) {
    const expected = Buffer.from(ocraResponse(suite, key, question, now + offset), 'ascii');
    const same = expected.length === presented.length && timingSafeEqual(expected, presented);
    if (same && (match === null || Math.abs(offset) < Math.abs(match))) match = offset;
  }
  return match;
}

/** RFC 6287 §5.1: hex questions as their bytes, numeric ones as the hex of their value, alphanumeric ones as ASCII. */
function questionBytes(suite: OcraSuite, question: string): Buffer {
  const bytes = Buffer.alloc(QUESTION_BYTES);
  if (suite.challenge.format === 'A') {
    bytes.write(question, 'ascii');
    return bytes;
  }
  const hex = suite.challenge.format === 'H' ? question : BigInt(question).toString(16);
  Buffer.from(hex.length % 2 === 0 ? hex : `${hex}0`, 'hex').copy(bytes);
  return bytes;
}
