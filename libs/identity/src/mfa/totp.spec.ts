import { generate } from 'otplib';
import { matchTotpStep, newTotpSecret, TOTP_SETTINGS, totpUri } from './totp';

/** RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890" (ASCII), in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
/** RFC 6238 Appendix B, SHA-1 rows: Unix time in seconds → 8-digit TOTP. */
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

const atSeconds = (seconds: number) => new Date(seconds * 1000);
const codeAt = (secret: string, seconds: number) => generate({ secret, ...TOTP_SETTINGS, epoch: seconds });

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('the library computes the Appendix B code at T = %i', async (seconds, expected) => {
    expect(await generate({ secret: RFC_SECRET, algorithm: 'sha1', digits: 8, period: 30, epoch: seconds })).toBe(expected);
  });

  it.each(RFC_VECTORS)('the product settings (6 digits) accept the last six digits of the vector at T = %i, at its step', async (seconds, expected) => {
    expect(await matchTotpStep(RFC_SECRET, expected.slice(-6), atSeconds(seconds), null)).toBe(Math.floor(seconds / 30));
  });

  it('accepts a code one step either side of now, not two', async () => {
    const secret = newTotpSecret();
    const now = 1_800_000_015;
    const step = Math.floor(now / 30);
    for (const offset of [-1, 0, 1]) {
      const code = await codeAt(secret, (step + offset) * 30);
      expect(await matchTotpStep(secret, code, atSeconds(now), null)).toBe(step + offset);
    }
    for (const offset of [-2, 2]) {
      const code = await codeAt(secret, (step + offset) * 30);
      const neighbours = await Promise.all([-1, 0, 1].map((near) => codeAt(secret, (step + near) * 30)));
      // A code that happens to equal a neighbour's cannot be told apart; the chance is 3 in a million.
      if (!neighbours.includes(code)) expect(await matchTotpStep(secret, code, atSeconds(now), null)).toBeUndefined();
    }
  });

  it('refuses the code of a step already used, and of any step before it', async () => {
    const secret = newTotpSecret();
    const now = 1_800_000_015;
    const step = Math.floor(now / 30);
    const current = await codeAt(secret, now);
    expect(await matchTotpStep(secret, current, atSeconds(now), step - 1)).toBe(step);
    expect(await matchTotpStep(secret, current, atSeconds(now), step)).toBeUndefined();
    const previous = await codeAt(secret, now - 30);
    expect(await matchTotpStep(secret, previous, atSeconds(now), step)).toBeUndefined();
    const next = await codeAt(secret, now + 30);
    expect(await matchTotpStep(secret, next, atSeconds(now), step)).toBe(step + 1);
  });

  it('refuses what is not six digits, without asking the library', async () => {
    const secret = newTotpSecret();
    const now = 1_800_000_015;
    const code = await codeAt(secret, now);
    for (const typed of [` ${code}`, `${code}0`, code.slice(1), 'abcdef', '', '１２３４５６']) {
      expect(await matchTotpStep(secret, typed, atSeconds(now), null)).toBeUndefined();
    }
  });

  it('makes 160-bit secrets and the otpauth URI authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'Acme Corp', 'ada@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Acme Corp:ada@example.com');
    // SHA-1, 6 digits and 30 s are the Key URI format's defaults, so the URI leaves them out.
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret, issuer: 'Acme Corp' });
  });

  it('keeps the one colon between issuer and label: colons in either become spaces', () => {
    const uri = new URL(totpUri(newTotpSecret(), 'Acme: EU', 'urn:user:7'));
    expect(decodeURIComponent(uri.pathname)).toBe('/Acme  EU:urn user 7');
    expect(uri.searchParams.get('issuer')).toBe('Acme  EU');
  });
});
