/** The HMAC behind an OCRA suite's HOTP crypto function, and its key length (RFC 6287 §5.1, §6.2). */
export const OCRA_HASHES = {
  SHA1: { algorithm: 'sha1', keyBytes: 20 },
  SHA256: { algorithm: 'sha256', keyBytes: 32 },
  SHA512: { algorithm: 'sha512', keyBytes: 64 },
} as const;

export type OcraHash = keyof typeof OCRA_HASHES;

/** What the device is asked: numeric, alphanumeric or hex, of this many characters (RFC 6287 §6.3 `QFxx`). */
export interface OcraChallengeFormat {
  readonly format: 'N' | 'A' | 'H';
  readonly length: number;
}

/** The parts of a suite registration and verification use. */
export interface OcraSuite {
  readonly suite: string;
  readonly hash: OcraHash;
  readonly digits: number;
  readonly challenge: OcraChallengeFormat;
  /** The time-step of the `T` part, in seconds. */
  readonly timeStepSeconds: number;
}

export const DEFAULT_OCRA_SUITE = 'OCRA-1:HOTP-SHA256-8:QH64-T1M';

const CRYPTO_FUNCTION = /^HOTP-(SHA1|SHA256|SHA512)-(\d{1,2})$/;
const QUESTION = /^Q([NAH])(\d{2})$/;
/** RFC 6287 §6.3: `TG`, G = [1-59]S | [1-59]M | [0-48]H; a zero step cannot count time, so H starts at 1. */
const TIMESTAMP = /^T([1-9]\d?)([SMH])$/;
const STEP_LIMIT = { S: 59, M: 59, H: 48 } as const;
const STEP_SECONDS = { S: 1, M: 60, H: 3600 } as const;

/** An OCRA suite outside what device registration accepts; the message says which part. */
export class OcraSuiteError extends Error {}

/**
 * Parses an OCRA suite (RFC 6287 §6: `OCRA-1:<CryptoFunction>:<DataInput>`) as device registration
 * uses it: HOTP-SHA1/256/512 truncated to 6–10 digits, a challenge question `Q` (4–64 characters)
 * and a timestamp `T`. A counter `C`, a PIN hash `P` or session information `S` is refused: the
 * device proves the app build it runs (its key and the server's challenge, at the current time),
 * not a user's PIN or a session.
 */
export function parseOcraSuite(suite: string): OcraSuite {
  const parts = suite.split(':');
  if (parts.length !== 3) throw new OcraSuiteError('must be "OCRA-1:<crypto function>:<data input>", e.g. OCRA-1:HOTP-SHA256-8:QH64-T1M');
  const [version, cryptoFunction, dataInput] = parts;
  if (version !== 'OCRA-1') throw new OcraSuiteError('must start with the algorithm "OCRA-1"');
  const crypto = CRYPTO_FUNCTION.exec(cryptoFunction);
  if (!crypto) throw new OcraSuiteError('crypto function must be HOTP-SHA1, HOTP-SHA256 or HOTP-SHA512 with a truncation, e.g. HOTP-SHA256-8');
  const digits = Number(crypto[2]);
  if (digits < 6 || digits > 10) throw new OcraSuiteError('the crypto function must truncate to 6–10 digits');

  const inputs = dataInput.split('-');
  const refused = inputs.find((input) => /^[CPS]/.test(input));
  if (refused) throw new OcraSuiteError(`data input "${refused}" is not accepted: only a challenge (Q) and a timestamp (T), without C, P or S`);
  if (inputs.length !== 2) throw new OcraSuiteError('data input must be a challenge and a timestamp, e.g. QH64-T1M');
  const question = QUESTION.exec(inputs[0]);
  if (!question) throw new OcraSuiteError('the challenge must be QN, QA or QH with a two-digit length, e.g. QH64');
  const length = Number(question[2]);
  if (length < 4 || length > 64) throw new OcraSuiteError('the challenge length must be 04–64');
  const timestamp = TIMESTAMP.exec(inputs[1]);
  const unit = timestamp?.[2] as keyof typeof STEP_LIMIT | undefined;
  if (!timestamp || !unit || Number(timestamp[1]) > STEP_LIMIT[unit]) {
    throw new OcraSuiteError('the timestamp must be T with a time-step of 1–59S, 1–59M or 1–48H, e.g. T1M');
  }
  return {
    suite,
    hash: crypto[1] as OcraHash,
    digits,
    challenge: { format: question[1] as OcraChallengeFormat['format'], length },
    timeStepSeconds: Number(timestamp[1]) * STEP_SECONDS[unit],
  };
}
