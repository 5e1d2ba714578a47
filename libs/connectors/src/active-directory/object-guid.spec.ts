import { guidToBytes, guidToString } from './object-guid';

describe('objectGUID', () => {
  // The example of [MS-DTYP] §2.3.4.3: {00112233-4455-6677-8899-AABBCCDDEEFF} is stored as these bytes.
  const stored = Buffer.from('33221100554477668899aabbccddeeff', 'hex');

  it('writes the stored bytes as the canonical string, first three groups little-endian', () => {
    expect(guidToString(stored)).toBe('00112233-4455-6677-8899-aabbccddeeff');
  });

  it('reads the string back to the same bytes (for the refresh filter)', () => {
    expect(guidToBytes('00112233-4455-6677-8899-AABBCCDDEEFF')).toEqual(stored);
  });

  it('refuses what is no GUID', () => {
    expect(guidToString(Buffer.alloc(15))).toBeUndefined();
    expect(guidToBytes('00112233-4455-6677-8899-aabbccddeef')).toBeUndefined();
    expect(guidToBytes('*')).toBeUndefined();
  });
});
