import { isAbsoluteUrl, linesOf } from '../../../components/input-rules';
import type { AppSignature } from './types';

/** Every field of an app signature as the form holds it: lists one per line, numbers as typed, the key optional. */
export interface SignatureForm {
  readonly identifier: string;
  readonly version: string;
  readonly platform: 'android' | 'ios';
  readonly ocraSuite: string;
  readonly secret: string;
  readonly redirectUris: string;
  readonly scopes: string;
  readonly pinMaxAttempts: string;
  readonly pinMinLength: string;
  readonly dpop: 'required' | 'allowed';
  readonly clientSecretTtlSeconds: string;
  readonly enabled: boolean;
}

/** The API's defaults (docs/admin-api.md#app-signatures). */
export const NEW_SIGNATURE: SignatureForm = {
  identifier: '',
  version: '',
  platform: 'android',
  ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
  secret: '',
  redirectUris: '',
  scopes: 'openid\noffline_access',
  pinMaxAttempts: '3',
  pinMinLength: '5',
  dpop: 'required',
  clientSecretTtlSeconds: '0',
  enabled: true,
};

export const formOf = (signature: AppSignature): SignatureForm => ({
  identifier: signature.identifier,
  version: signature.version,
  platform: signature.platform as SignatureForm['platform'],
  ocraSuite: signature.ocraSuite,
  secret: '',
  redirectUris: signature.redirectUris.join('\n'),
  scopes: signature.scopes.join('\n'),
  pinMaxAttempts: String(signature.pinMaxAttempts),
  pinMinLength: String(signature.pinMinLength),
  dpop: signature.dpop as SignatureForm['dpop'],
  clientSecretTtlSeconds: String(signature.clientSecretTtlSeconds),
  enabled: signature.enabled,
});

const inRange = (text: string, min: number, max: number) => {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max;
};

/** The signature rules simple enough to check before sending (the API checks them all, suites and keys included). */
export function checkSignature(form: SignatureForm): Record<string, string | undefined> {
  const redirect = linesOf(form.redirectUris).find((uri) => !isAbsoluteUrl(uri));
  return {
    identifier: /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(form.identifier) && form.identifier.length <= 200 ? undefined : 'Dot-separated letters, digits, "_" or "-", e.g. com.example.bank.',
    version: /^[A-Za-z0-9._+-]{1,50}$/.test(form.version) ? undefined : 'Letters, digits, ".", "_", "+" or "-", e.g. 4.2.0.',
    secret: form.secret === '' || /^([0-9a-fA-F]{2})+$/.test(form.secret) ? undefined : 'The key in hex, or empty to generate one.',
    redirectUris: redirect ? `"${redirect}" is not an absolute URI.` : linesOf(form.redirectUris).length === 0 ? 'Enter at least one redirect URI.' : undefined,
    pinMaxAttempts: inRange(form.pinMaxAttempts, 1, 10) ? undefined : 'A whole number from 1 to 10.',
    pinMinLength: inRange(form.pinMinLength, 4, 12) ? undefined : 'A whole number from 4 to 12.',
    clientSecretTtlSeconds: inRange(form.clientSecretTtlSeconds, 0, 315_360_000) ? undefined : 'A whole number of seconds from 0 to 315360000.',
  };
}

/** The fields PATCH may change; the key only when one is typed. */
function settingsBody(form: SignatureForm) {
  return {
    ocraSuite: form.ocraSuite.trim(),
    ...(form.secret === '' ? {} : { secret: form.secret }),
    redirectUris: linesOf(form.redirectUris),
    scopes: linesOf(form.scopes),
    pinMaxAttempts: Number(form.pinMaxAttempts),
    pinMinLength: Number(form.pinMinLength),
    dpop: form.dpop,
    clientSecretTtlSeconds: Number(form.clientSecretTtlSeconds),
    enabled: form.enabled,
  };
}

/** The body of POST /v1/environments/:id/app-signatures. */
export const signatureBody = (form: SignatureForm) => ({ identifier: form.identifier, version: form.version, platform: form.platform, ...settingsBody(form) });

/** The body of PATCH /v1/app-signatures/:id: only the fields that changed (never the build's identifier, version or platform). */
export function changedFields(before: SignatureForm, after: SignatureForm): Partial<ReturnType<typeof settingsBody>> {
  const old: Record<string, unknown> = settingsBody(before);
  const next = settingsBody(after);
  const keys = (Object.keys(next) as Array<keyof typeof next>).filter((key) => JSON.stringify(old[key]) !== JSON.stringify(next[key]));
  return Object.fromEntries(keys.map((key) => [key, next[key]]));
}
