// OCRA (RFC 6287) as a device computes its answer to a registration challenge
// (docs/gateway.md#device-registration), for the gateway's default suite only.
import { createHmac } from 'node:crypto';

export const OCRA_SUITE = 'OCRA-1:HOTP-SHA256-8:QH64-T1M';
const DIGITS = 8;
const TIME_STEP_MS = 60_000;

/**
 * OCRA_SUITE's response to the hex challenge `question` with the key `keyHex` at `epochMs`: HMAC-SHA256
 * over the DataInput of §5.1 — the suite, a zero byte, Q (the challenge's bytes, padded with zeros to
 * 128), T (the count of minutes since the epoch, 8 bytes big-endian) — truncated as HOTP (RFC 4226 §5.3)
 * to 8 digits (§5.2).
 */
export function ocraResponse(keyHex, question, epochMs = Date.now()) {
  if (!/^[0-9a-fA-F]{64}$/.test(question)) throw new Error(`an ${OCRA_SUITE} challenge is 64 hex digits, not "${question}"`);
  const timeStep = Buffer.alloc(8);
  timeStep.writeBigUInt64BE(BigInt(Math.floor(epochMs / TIME_STEP_MS)));
  const dataInput = Buffer.concat([Buffer.from(OCRA_SUITE, 'ascii'), Buffer.from([0]), Buffer.from(question.padEnd(256, '0'), 'hex'), timeStep]);
  const mac = createHmac('sha256', Buffer.from(keyHex, 'hex')).update(dataInput).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS).padStart(DIGITS, '0');
}
