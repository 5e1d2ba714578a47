import { TOTP_SETTINGS } from '@rapidauth/identity';
import { generate } from 'otplib';

/** The code an authenticator app shows for `secret` now, or `offsetSteps` 30-second steps away (RFC 6238 §4). */
export function codeFor(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, ...TOTP_SETTINGS, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** Six digits that are no code of `secret` within the accepted window (one step either side of now). */
export async function wrongCode(secret: string): Promise<string> {
  const near = await Promise.all([-1, 0, 1].map((offset) => codeFor(secret, offset)));
  return ['000000', '111111', '222222', '333333'].find((code) => !near.includes(code)) as string;
}
