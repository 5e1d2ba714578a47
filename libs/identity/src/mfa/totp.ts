import { generateSecret, generateURI, verify } from 'otplib';

/**
 * RFC 6238 as every authenticator app reads it: HMAC-SHA-1, 6 digits, 30-second steps from
 * T0 = 0 (RFC 6238 §4). A code is accepted one step either side of now, the network delay and
 * clock drift RFC 6238 §5.2 allows for, and only for a step after the last one used (§5.2: a
 * code is accepted once).
 */
export const TOTP_SETTINGS = { algorithm: 'sha1', digits: 6, period: 30 } as const;

/** 20 random bytes, the length of the SHA-1 key RFC 4226 §4 (R6) recommends, in base32. */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/**
 * The `otpauth://totp/` URI authenticator apps scan, labelled `issuer:label`. A colon separates
 * the two in the Key URI format, so neither may hold one: a colon in either becomes a space.
 */
export const totpUri = (secret: string, issuer: string, label: string): string =>
  generateURI({ issuer: withoutColons(issuer), label: withoutColons(label), secret, ...TOTP_SETTINGS });

const withoutColons = (text: string) => text.replace(/:/g, ' ').trim();

export const TOTP_CODE = /^[0-9]{6}$/;

/**
 * The time step `code` belongs to, within ±1 step of `now` and after `afterStep`; undefined when
 * it matches none.
 */
export async function matchTotpStep(secret: string, code: string, now: Date, afterStep: number | null): Promise<number | undefined> {
  if (!TOTP_CODE.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    ...TOTP_SETTINGS,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_SETTINGS.period,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
