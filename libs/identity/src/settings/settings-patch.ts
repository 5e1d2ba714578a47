import type { FieldProblem } from '@rapidauth/errors';
import { CUSTOM_TOKEN_ALGORITHMS, DEFAULT_IDENTITY_METHOD_SETTINGS, type IdentityMethodSettings } from './identity-method-settings';
import { InvalidProviderSettingsError } from './invalid-settings.error';
import {
  countryCodes,
  hs256Secret,
  integerBetween,
  isBoolean,
  keyMismatch,
  label,
  oneOf,
  origins,
  publicKeyPem,
  readPublicKey,
  template,
  type Check,
} from './setting-checks';

/** The administrator's overrides, shaped like the settings; merged over the defaults on read. */
export type StoredOverrides = Record<string, unknown>;

interface Schema {
  readonly [key: string]: Check | Schema;
}

const mail = (required: readonly string[]): Schema => ({
  subject: template(200, [], true),
  text: template(10_000, required),
  html: template(50_000, required),
});

/** Every setting an administrator may send and its bounds (docs/admin-api.md#identity-methods). */
const SCHEMA: Schema = {
  anonymous: { enabled: isBoolean, ttlSeconds: integerBetween(60, 31_536_000) },
  email: { enabled: isBoolean, requireVerification: isBoolean, passwordLogin: isBoolean, otpLogin: isBoolean },
  phone: { enabled: isBoolean, allowedCountryCodes: countryCodes },
  customToken: {
    enabled: isBoolean,
    algorithm: oneOf(CUSTOM_TOKEN_ALGORITHMS),
    secret: hs256Secret,
    publicKey: publicKeyPem,
    issuer: label(2_048),
    maxAgeSeconds: integerBetween(1, 86_400),
  },
  otp: {
    length: integerBetween(4, 10),
    ttlSeconds: integerBetween(60, 86_400),
    maxAttempts: integerBetween(1, 10),
    resendAfterSeconds: integerBetween(0, 3_600),
    maxSendsPerHour: integerBetween(1, 1_000),
  },
  freshLoginSeconds: integerBetween(1, 86_400),
  authorizedOrigins: origins,
  // The issuer is the otpauth label's prefix, where ':' separates issuer and account.
  mfa: { required: isBoolean, issuer: label(64, { chars: /:/, why: 'must not hold ":"' }) },
  templates: {
    emailVerification: mail(['code', 'link']),
    emailOtp: mail(['code']),
    passwordReset: mail(['code']),
    smsOtp: { text: template(480, ['code']) },
  },
};

/** Write-only and read-only fields: the secret is sealed apart, `secretSet` only tells whether there is one. */
const SECRET = 'customToken.secret';
const SECRET_SET = 'customToken.secretSet';

/** The stored state a patch applies to. */
export interface StoredSettings {
  readonly overrides: StoredOverrides;
  readonly secretSet: boolean;
}

/** Whether mail and SMS can go out (DeliveryAvailability: false only in production without a transport). */
export interface PatchContext {
  readonly canMail: boolean;
  readonly canText: boolean;
}

export type SecretChange = { readonly kind: 'keep' } | { readonly kind: 'set'; readonly secret: string } | { readonly kind: 'clear' };

export interface PlannedUpdate {
  readonly overrides: StoredOverrides;
  readonly secret: SecretChange;
  readonly settings: IdentityMethodSettings;
  /** The settings the patch named, as dotted paths (for the audit: names only, never a value). */
  readonly changedFields: readonly string[];
}

/**
 * Applies an RFC 7396 merge patch to the stored overrides: `null` removes an override (the default
 * applies again), objects merge, anything else replaces. Every problem is collected, and any
 * problem refuses the whole patch.
 */
export function planUpdate(current: StoredSettings, patch: unknown, context: PatchContext): PlannedUpdate {
  if (!isPlainObject(patch)) throw new InvalidProviderSettingsError([{ field: 'body', message: 'must be a JSON object (RFC 7396 merge patch)' }]);
  const problems: FieldProblem[] = [];
  const changedFields: string[] = [];
  const overrides = structuredClone(current.overrides);
  let secret = { kind: 'keep' } as SecretChange;
  let secretSetSent: unknown;

  const walk = (schema: Schema, target: Record<string, unknown>, input: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(input)) {
      const path = `${prefix}${key}`;
      if (path === SECRET_SET) {
        secretSetSent = value;
        continue;
      }
      const rule = Object.hasOwn(schema, key) ? schema[key] : undefined;
      if (rule === undefined) {
        problems.push({ field: path, message: 'is not a setting' });
        continue;
      }
      if (value === null) {
        delete target[key];
        changedFields.push(path);
        if (path === SECRET || (path === 'customToken' && current.secretSet)) secret = { kind: 'clear' };
        continue;
      }
      if (typeof rule === 'function') {
        const problem = rule(value);
        if (problem) problems.push({ field: path, message: problem });
        else if (path === SECRET) secret = { kind: 'set', secret: value as string };
        else target[key] = typeof value === 'string' && key === 'publicKey' ? value.trim() : value;
        changedFields.push(path);
        continue;
      }
      if (!isPlainObject(value)) {
        problems.push({ field: path, message: 'must be an object' });
        continue;
      }
      const nested = isPlainObject(target[key]) ? (target[key] as Record<string, unknown>) : {};
      target[key] = nested;
      walk(rule, nested, value, `${path}.`);
      if (Object.keys(nested).length === 0) delete target[key];
    }
  };
  walk(SCHEMA, overrides, patch, '');

  const algorithmOf = (stored: StoredOverrides) => mergeOverDefaults(stored).customToken.algorithm;
  // A secret is meaningful only for HS256: moving to another algorithm discards it.
  if (secret.kind === 'keep' && current.secretSet && algorithmOf(overrides) !== 'HS256') secret = { kind: 'clear' };
  const secretSet = secret.kind === 'set' || (secret.kind === 'keep' && current.secretSet);
  const settings = withSecretSet(mergeOverDefaults(overrides), secretSet);
  if (problems.length === 0) problems.push(...crossFieldProblems(settings, secret, patch, context));
  if (secretSetSent !== undefined && secretSetSent !== settings.customToken.secretSet) {
    problems.push({ field: SECRET_SET, message: 'is read-only: send customToken.secret to set the secret, or null to remove it' });
  }
  if (problems.length > 0) throw new InvalidProviderSettingsError(problems);
  return { overrides, secret, settings, changedFields: [...new Set(changedFields)].sort() };
}

function crossFieldProblems(settings: IdentityMethodSettings, secret: SecretChange, patch: Record<string, unknown>, context: PatchContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const token = settings.customToken;
  if (secret.kind === 'set' && token.algorithm !== 'HS256') problems.push({ field: SECRET, message: 'is only for HS256 (RS256 and ES256 use publicKey)' });
  if (token.publicKey !== null) {
    const key = readPublicKey(token.publicKey);
    const mismatch = key ? keyMismatch(key, token.algorithm) : 'is not a PEM public key node:crypto can read';
    if (mismatch) problems.push({ field: 'customToken.publicKey', message: token.algorithm === 'HS256' ? `${mismatch}; set it to null` : mismatch });
  }
  if (token.enabled && token.algorithm === 'HS256' && !token.secretSet) problems.push({ field: SECRET, message: 'is required to enable customToken with HS256' });
  if (token.enabled && token.algorithm !== 'HS256' && token.publicKey === null) {
    problems.push({ field: 'customToken.publicKey', message: `is required to enable customToken with ${token.algorithm}` });
  }
  if (turnedOn(patch, 'email') && settings.email.enabled && !context.canMail) {
    problems.push({ field: 'email.enabled', message: 'cannot be enabled in production without a mail transport: set SMTP_URL' });
  }
  if (turnedOn(patch, 'phone') && settings.phone.enabled && !context.canText) {
    problems.push({ field: 'phone.enabled', message: 'cannot be enabled in production without an SMS transport: set SMS_PROVIDER_URL' });
  }
  return problems;
}

function turnedOn(patch: Record<string, unknown>, method: 'email' | 'phone'): boolean {
  const section = patch[method];
  return isPlainObject(section) && section.enabled === true;
}

/** The stored overrides over the defaults; stored keys no longer known are ignored. */
export function mergeOverDefaults(overrides: StoredOverrides, secretSet = false): IdentityMethodSettings {
  return withSecretSet(mergeNode(DEFAULT_IDENTITY_METHOD_SETTINGS, overrides) as IdentityMethodSettings, secretSet);
}

function withSecretSet(settings: IdentityMethodSettings, secretSet: boolean): IdentityMethodSettings {
  return { ...settings, customToken: { ...settings.customToken, secretSet } };
}

function mergeNode(defaults: unknown, override: unknown): unknown {
  if (!isPlainObject(defaults)) return override === undefined ? defaults : override;
  const source = isPlainObject(override) ? override : {};
  return Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, mergeNode(value, Object.hasOwn(source, key) ? source[key] : undefined)]));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
