import { deviceOcra } from '../../support/ocra';

const KEY20 = '3132333435363738393031323334353637383930';
const KEY32 = `${KEY20}313233343536373839303132`;
const KEY64 = `${KEY20}${KEY20}${KEY20}31323334`;

/** The tests' own OCRA (the device in the registration suites) against RFC 6287 Appendix C. */
describe('the test OCRA implementation (RFC 6287 Appendix C)', () => {
  it.each([
    ['00000000', '237653'],
    ['11111111', '243178'],
    ['22222222', '653583'],
    ['33333333', '740991'],
    ['44444444', '608993'],
    ['55555555', '388898'],
    ['66666666', '816933'],
    ['77777777', '224598'],
    ['88888888', '750600'],
    ['99999999', '294470'],
  ])('OCRA-1:HOTP-SHA1-6:QN08 Q=%s → %s', (question, expected) => {
    expect(deviceOcra('OCRA-1:HOTP-SHA1-6:QN08', KEY20, question)).toBe(expected);
  });

  it.each([
    ['00000000', '95209754'],
    ['11111111', '55907591'],
    ['22222222', '22048402'],
    ['33333333', '24218844'],
    ['44444444', '36209546'],
  ])('OCRA-1:HOTP-SHA512-8:QN08-T1M Q=%s T=132d0b6 → %s', (question, expected) => {
    expect(deviceOcra('OCRA-1:HOTP-SHA512-8:QN08-T1M', KEY64, question, { timeStep: 0x132d0b6 })).toBe(expected);
  });

  it.each([
    [0, '07016083'],
    [1, '63947962'],
    [9, '31409299'],
  ])('OCRA-1:HOTP-SHA512-8:C-QN08 C=%i', (counter, expected) => {
    const question = String(counter).repeat(8);
    expect(deviceOcra('OCRA-1:HOTP-SHA512-8:C-QN08', KEY64, question, { counter })).toBe(expected);
  });

  it('OCRA-1:HOTP-SHA256-8:QA08 (alphanumeric, C.2)', () => {
    expect(deviceOcra('OCRA-1:HOTP-SHA256-8:QA08', KEY32, 'CLI22220SRV11110')).toBe('28247970');
  });
});
