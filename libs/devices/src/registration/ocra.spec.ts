import { parseOcraSuite } from '../ocra/ocra-suite';
import { matchingStepOffset, ocraChallenge, ocraResponse } from './ocra';

const KEY20 = '3132333435363738393031323334353637383930';
const KEY64 = Buffer.from(`${KEY20}${KEY20}${KEY20}31323334`, 'hex');
const T1M = parseOcraSuite('OCRA-1:HOTP-SHA512-8:QN08-T1M');

describe('OCRA responses (RFC 6287 §5)', () => {
  it.each([
    ['00000000', '95209754'],
    ['11111111', '55907591'],
    ['22222222', '22048402'],
    ['33333333', '24218844'],
    ['44444444', '36209546'],
  ])('Appendix C OCRA-1:HOTP-SHA512-8:QN08-T1M Q=%s T=132d0b6 → %s', (question, expected) => {
    expect(ocraResponse(T1M, KEY64, question, 0x132d0b6)).toBe(expected);
  });

  it('finds the step a response answers within the window, and none outside it', () => {
    const answer = ocraResponse(T1M, KEY64, '12345678', 0x132d0b6 - 11);
    expect(matchingStepOffset(T1M, KEY64, '12345678', answer, 0x132d0b6, 30)).toBe(-11);
    expect(matchingStepOffset(T1M, KEY64, '12345678', answer, 0x132d0b6, 10)).toBeNull();
    expect(matchingStepOffset(T1M, KEY64, '12345678', '1234567', 0x132d0b6, 30)).toBeNull();
  });

  it.each([
    ['OCRA-1:HOTP-SHA256-8:QH64-T1M', /^[0-9a-f]{64}$/],
    ['OCRA-1:HOTP-SHA1-6:QN08-T30S', /^\d{8}$/],
    ['OCRA-1:HOTP-SHA1-6:QA10-T1H', /^[A-Z0-9]{10}$/],
    ['OCRA-1:HOTP-SHA1-6:QH07-T1M', /^[0-9a-f]{7}$/],
  ])('asks %s questions of its format and length', (suite, shape) => {
    expect(ocraChallenge(parseOcraSuite(suite))).toMatch(shape);
  });
});
