import { createHmac } from 'node:crypto';

/**
 * OCRA as a device computes it, written from RFC 6287 §5 for the tests alone (independent of the
 * gateway's code): suites `OCRA-1:HOTP-<hash>-<digits>:[C-]Q<F><len>[-T<step>]`, the challenge
 * hex (`H`), decimal (`N`) or ASCII (`A`), the timestamp as a count of time steps.
 */
export function deviceOcra(suite: string, keyHex: string, question: string, options: { counter?: number; timeStep?: number } = {}): string {
  const [, crypto, dataInput] = suite.split(':');
  const [, hash, digits] = /^HOTP-(SHA1|SHA256|SHA512)-(\d+)$/.exec(crypto)!;
  const format = /Q([NAH])\d\d/.exec(dataInput)![1];
  const parts: Buffer[] = [Buffer.from(suite), Buffer.from([0])];
  if (dataInput.startsWith('C')) parts.push(uint64(options.counter ?? 0));
  let qHex = format === 'H' ? question : format === 'N' ? BigInt(question).toString(16) : Buffer.from(question, 'ascii').toString('hex');
  qHex = qHex.padEnd(256, '0');
  parts.push(Buffer.from(qHex, 'hex'));
  if (/-T/.test(dataInput)) parts.push(uint64(options.timeStep ?? 0));
  const mac = createHmac(hash.toLowerCase(), Buffer.from(keyHex, 'hex')).update(Buffer.concat(parts)).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(code % 10 ** Number(digits)).padStart(Number(digits), '0');
}

/** The step count of a `T<n>M` / `T<n>S` / `T<n>H` suite at `epochMs`. */
export function ocraStepAt(suite: string, epochMs: number): number {
  const [, n, unit] = /-T(\d+)([SMH])/.exec(suite)!;
  return Math.floor(epochMs / 1000 / (Number(n) * { S: 1, M: 60, H: 3600 }[unit as 'S' | 'M' | 'H']));
}

function uint64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}
