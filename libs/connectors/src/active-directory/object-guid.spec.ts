import { guidToBytes, guidToString } from './object-guid';

describe('objectGUID', () => {
  // {00112233-4455-6677-8899-AABBCCDDEEFF} as AD stores it: Data1, Data2 and Data3 little-endian, Data4 as is.
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
