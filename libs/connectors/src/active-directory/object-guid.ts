/**
 * objectGUID as Windows writes it (`{01234567-89ab-cdef-0123-456789abcdef}` without braces): the
 * first three groups are little-endian in the 16 stored bytes, the last two in byte order.
 */
export function guidToString(bytes: Buffer): string | undefined {
  if (bytes.length !== 16) return undefined;
  const hex = (from: number, to: number, reversed: boolean) => {
    const part = Buffer.from(bytes.subarray(from, to));
    return (reversed ? part.reverse() : part).toString('hex');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-');
}

const GUID = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;

/** The 16 stored bytes of a canonical GUID string; undefined when it is not one. */
export function guidToBytes(guid: string): Buffer | undefined {
  const groups = GUID.exec(guid);
  if (!groups) return undefined;
  const [, a, b, c, d, e] = groups;
  const little = (hex: string) => Buffer.from(hex, 'hex').reverse();
  return Buffer.concat([little(a), little(b), little(c), Buffer.from(d + e, 'hex')]);
}
