import { DEFAULT_OCRA_SUITE, OcraSuiteError, parseOcraSuite } from './ocra-suite';

describe('OCRA suites (RFC 6287 §6)', () => {
  it('parses the default suite: HMAC-SHA256, 8 digits, 64 hex digits of challenge, one-minute steps', () => {
    expect(parseOcraSuite(DEFAULT_OCRA_SUITE)).toEqual({
      suite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
      hash: 'SHA256',
      digits: 8,
      challenge: { format: 'H', length: 64 },
      timeStepSeconds: 60,
    });
  });

  it.each([
    // Appendix C.1's time-based suite, and the §6 examples with a challenge and a timestamp.
    ['OCRA-1:HOTP-SHA512-8:QN08-T1M', 'SHA512', 8, { format: 'N', length: 8 }, 60],
    ['OCRA-1:HOTP-SHA1-6:QA10-T1M', 'SHA1', 6, { format: 'A', length: 10 }, 60],
    ['OCRA-1:HOTP-SHA256-10:QH04-T30S', 'SHA256', 10, { format: 'H', length: 4 }, 30],
    ['OCRA-1:HOTP-SHA1-7:QN64-T48H', 'SHA1', 7, { format: 'N', length: 64 }, 172_800],
    ['OCRA-1:HOTP-SHA512-9:QA32-T59M', 'SHA512', 9, { format: 'A', length: 32 }, 3540],
  ])('accepts %s', (suite, hash, digits, challenge, timeStepSeconds) => {
    expect(parseOcraSuite(suite)).toEqual({ suite, hash, digits, challenge, timeStepSeconds });
  });

  it.each([
    // Appendix C's other suites: without a timestamp, or with a counter or a PIN.
    ['OCRA-1:HOTP-SHA1-6:QN08', /timestamp/],
    ['OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', /"C" is not accepted/],
    ['OCRA-1:HOTP-SHA256-8:QN08-PSHA1', /"PSHA1" is not accepted/],
    ['OCRA-1:HOTP-SHA512-8:C-QN08', /"C" is not accepted/],
    ['OCRA-1:HOTP-SHA256-8:QA08', /timestamp/],
    ['OCRA-1:HOTP-SHA512-8:QA08-PSHA1', /"PSHA1" is not accepted/],
    // §6's session-information example, and sessions with a timestamp.
    ['OCRA-1:HOTP-SHA1-4:QH8-S512', /6–10 digits/],
    ['OCRA-1:HOTP-SHA256-8:QH64-S064-T1M', /"S064" is not accepted/],
    ['OCRA-1:HOTP-SHA256-8:QH64-T1M-S', /"S" is not accepted/],
    // Truncation outside 6–10 (0 is "no truncation"), other hashes and versions.
    ['OCRA-1:HOTP-SHA1-0:QN08-T1M', /6–10 digits/],
    ['OCRA-1:HOTP-SHA256-11:QN08-T1M', /6–10 digits/],
    ['OCRA-1:HOTP-MD5-8:QN08-T1M', /crypto function/],
    ['OCRA-1:TOTP-SHA256-8:QN08-T1M', /crypto function/],
    ['OCRA-2:HOTP-SHA256-8:QN08-T1M', /OCRA-1/],
    ['ocra-1:hotp-sha256-8:qh64-t1m', /OCRA-1/],
    // The challenge: format, two-digit length 04–64.
    ['OCRA-1:HOTP-SHA256-8:QX08-T1M', /QN, QA or QH/],
    ['OCRA-1:HOTP-SHA256-8:QH8-T1M', /QN, QA or QH/],
    ['OCRA-1:HOTP-SHA256-8:QH03-T1M', /04–64/],
    ['OCRA-1:HOTP-SHA256-8:QH65-T1M', /04–64/],
    // The timestamp: T with 1–59S, 1–59M, 1–48H.
    ['OCRA-1:HOTP-SHA256-8:QH64-T', /timestamp/],
    ['OCRA-1:HOTP-SHA256-8:QH64-T0M', /timestamp/],
    ['OCRA-1:HOTP-SHA256-8:QH64-T60S', /timestamp/],
    ['OCRA-1:HOTP-SHA256-8:QH64-T49H', /timestamp/],
    ['OCRA-1:HOTP-SHA256-8:QH64-T1D', /timestamp/],
    // Order and shape.
    ['OCRA-1:HOTP-SHA256-8:T1M-QH64', /QN, QA or QH/],
    ['OCRA-1:HOTP-SHA256-8:QH64-QH64-T1M', /a challenge and a timestamp/],
    ['OCRA-1:HOTP-SHA256-8', /OCRA-1:<crypto function>:<data input>/],
    ['OCRA-1:HOTP-SHA256-8:QH64-T1M:', /OCRA-1:<crypto function>:<data input>/],
    ['', /OCRA-1:<crypto function>:<data input>/],
  ])('refuses %s', (suite, message) => {
    expect(() => parseOcraSuite(suite)).toThrow(OcraSuiteError);
    expect(() => parseOcraSuite(suite)).toThrow(message);
  });
});
