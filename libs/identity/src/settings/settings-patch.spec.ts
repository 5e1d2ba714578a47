import { generateKeyPairSync } from 'node:crypto';
import { DEFAULT_IDENTITY_METHOD_SETTINGS } from './identity-method-settings';
import { InvalidProviderSettingsError } from './invalid-settings.error';
import { mergeOverDefaults, planUpdate, type PatchContext, type StoredSettings } from './settings-patch';

const EMPTY: StoredSettings = { overrides: {}, secretSet: false };
/** Outside production the console outbox delivers. */
const DEV: PatchContext = { canMail: true, canText: true };
const SECRET = 'x'.repeat(32);

const pem = (type: 'rsa' | 'ec', options: object) =>
  generateKeyPairSync(type as 'rsa', { ...options, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as never) as unknown as {
    publicKey: string;
    privateKey: string;
  };
const RSA = pem('rsa', { modulusLength: 2048 });
const SMALL_RSA = pem('rsa', { modulusLength: 1024 });
const P256 = pem('ec', { namedCurve: 'prime256v1' });
const P384 = pem('ec', { namedCurve: 'secp384r1' });

function problems(patch: unknown, current = EMPTY, context = DEV): { field: string; message: string }[] {
  try {
    planUpdate(current, patch, context);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidProviderSettingsError);
    expect((error as InvalidProviderSettingsError).code).toBe('INVALID_PROVIDER_SETTINGS');
    return [...(error as InvalidProviderSettingsError).fields];
  }
  throw new Error(`accepted ${JSON.stringify(patch)}`);
}
const fieldsOf = (patch: unknown, current = EMPTY, context = DEV) => problems(patch, current, context).map((problem) => problem.field);
const nest = (path: string, value: unknown): Record<string, unknown> =>
  path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

describe('identity-method settings: merge patch', () => {
  it('merges over the defaults and stores only what was sent', () => {
    const planned = planUpdate(EMPTY, { anonymous: { enabled: true }, otp: { length: 8 } }, DEV);
    expect(planned.overrides).toEqual({ anonymous: { enabled: true }, otp: { length: 8 } });
    expect(planned.settings.anonymous).toEqual({ enabled: true, ttlSeconds: 86_400 });
    expect(planned.settings.otp).toEqual({ ...DEFAULT_IDENTITY_METHOD_SETTINGS.otp, length: 8 });
    expect(planned.changedFields).toEqual(['anonymous.enabled', 'otp.length']);
  });

  it('returns to the default on null, pruning emptied sections', () => {
    const current = { overrides: { anonymous: { enabled: true }, otp: { length: 8, ttlSeconds: 600 } }, secretSet: false };
    const planned = planUpdate(current, { anonymous: { enabled: null }, otp: { length: null } }, DEV);
    expect(planned.overrides).toEqual({ otp: { ttlSeconds: 600 } });
    expect(planned.settings.anonymous.enabled).toBe(false);
    expect(planned.settings.otp.length).toBe(6);
    expect(planUpdate(current, { otp: null }, DEV).settings.otp).toEqual(DEFAULT_IDENTITY_METHOD_SETTINGS.otp);
  });

  it('applies later defaults to what was never set', () => {
    expect(mergeOverDefaults({ otp: { length: 8 }, retired: { x: 1 } })).toEqual({
      ...DEFAULT_IDENTITY_METHOD_SETTINGS,
      otp: { ...DEFAULT_IDENTITY_METHOD_SETTINGS.otp, length: 8 },
    });
  });

  it('replaces arrays whole', () => {
    const current = { overrides: { authorizedOrigins: ['https://a.example'] }, secretSet: false };
    expect(planUpdate(current, { authorizedOrigins: ['https://b.example'] }, DEV).settings.authorizedOrigins).toEqual(['https://b.example']);
  });

  it('refuses a body that is not an object, unknown settings and non-object sections, every one at once', () => {
    expect(fieldsOf([])).toEqual(['body']);
    expect(fieldsOf('x')).toEqual(['body']);
    expect(fieldsOf({ nope: 1, email: { nope: true }, otp: 5, templates: { smsOtp: { subject: 'x' } } })).toEqual(['nope', 'email.nope', 'otp', 'templates.smsOtp.subject']);
    expect(fieldsOf(JSON.parse('{"__proto__": {"enabled": true}, "email": {"constructor": 1}}'))).toEqual(['__proto__', 'email.constructor']);
  });

  it('leaves the current settings untouched when refusing', () => {
    const current = { overrides: { otp: { length: 8 } }, secretSet: false };
    problems({ otp: { length: 3, ttlSeconds: 600 } }, current);
    expect(current.overrides).toEqual({ otp: { length: 8 } });
  });
});

describe('identity-method settings: bounds', () => {
  const bounds: [string, number, number][] = [
    ['freshLoginSeconds', 1, 86_400],
    ['anonymous.ttlSeconds', 60, 31_536_000],
    ['otp.length', 4, 10],
    ['otp.ttlSeconds', 60, 86_400],
    ['otp.maxAttempts', 1, 10],
    ['otp.resendAfterSeconds', 0, 3_600],
    ['otp.maxSendsPerHour', 1, 1_000],
    ['customToken.maxAgeSeconds', 1, 86_400],
  ];
  it.each(bounds)('%s accepts %d to %d and nothing else', (path, min, max) => {
    expect(() => planUpdate(EMPTY, nest(path, min), DEV)).not.toThrow();
    expect(() => planUpdate(EMPTY, nest(path, max), DEV)).not.toThrow();
    for (const bad of [min - 1, max + 1, min + 0.5, `${min}`, true]) {
      expect(problems(nest(path, bad))).toEqual([{ field: path, message: `must be an integer from ${min} to ${max}` }]);
    }
  });

  it.each(['anonymous.enabled', 'email.enabled', 'email.requireVerification', 'email.passwordLogin', 'email.otpLogin', 'phone.enabled', 'customToken.enabled', 'mfa.required'])(
    '%s is a boolean',
    (path) => {
      expect(fieldsOf(nest(path, 'true'))).toEqual([path]);
      expect(fieldsOf(nest(path, 1))).toEqual([path]);
    },
  );

  it('takes ISO 3166-1 alpha-2 country codes, in capitals, once each', () => {
    expect(planUpdate(EMPTY, { phone: { allowedCountryCodes: ['FR', 'DE'] } }, DEV).settings.phone.allowedCountryCodes).toEqual(['FR', 'DE']);
    for (const bad of [['fr'], ['FRA'], ['ZZ'], ['FR', 'FR'], 'FR', [1]]) expect(fieldsOf({ phone: { allowedCountryCodes: bad } })).toEqual(['phone.allowedCountryCodes']);
  });

  it('takes origins only: scheme, host and port', () => {
    const good = ['https://app.example.com', 'http://localhost:3000', 'https://[::1]:8443'];
    expect(planUpdate(EMPTY, { authorizedOrigins: good }, DEV).settings.authorizedOrigins).toEqual(good);
    for (const bad of ['https://app.example.com/', 'https://app.example.com/path', 'ftp://app.example.com', 'app.example.com', 'https://APP.example.com', 'null', 'https://u:p@app.example.com']) {
      expect(fieldsOf({ authorizedOrigins: [bad] })).toEqual(['authorizedOrigins']);
    }
    expect(fieldsOf({ authorizedOrigins: Array.from({ length: 101 }, (_, i) => `https://a${i}.example`) })).toEqual(['authorizedOrigins']);
  });

  it('bounds the issuers', () => {
    expect(planUpdate(EMPTY, { mfa: { issuer: 'Acme' }, customToken: { issuer: 'https://backend.example' } }, DEV).settings.mfa.issuer).toBe('Acme');
    expect(fieldsOf({ mfa: { issuer: 'a:b' } })).toEqual(['mfa.issuer']);
    expect(fieldsOf({ mfa: { issuer: 'x'.repeat(65) } })).toEqual(['mfa.issuer']);
    expect(fieldsOf({ mfa: { issuer: '' } })).toEqual(['mfa.issuer']);
    expect(fieldsOf({ customToken: { issuer: 'x'.repeat(2_049) } })).toEqual(['customToken.issuer']);
    expect(fieldsOf({ customToken: { issuer: 'a\nb' } })).toEqual(['customToken.issuer']);
  });
});

describe('identity-method settings: templates', () => {
  it('takes the four placeholders and requires the code (or the link for verification)', () => {
    const planned = planUpdate(EMPTY, { templates: { smsOtp: { text: '{{code}} for {{appName}}, {{expiresMinutes}} min' }, emailVerification: { text: 'Open {{link}}' } } }, DEV);
    expect(planned.settings.templates.smsOtp.text).toBe('{{code}} for {{appName}}, {{expiresMinutes}} min');
    expect(planned.settings.templates.emailOtp).toEqual(DEFAULT_IDENTITY_METHOD_SETTINGS.templates.emailOtp);
    expect(problems({ templates: { smsOtp: { text: 'hello {{name}} {{code}}' } } })[0].message).toMatch(/\{\{name\}\} is not a placeholder/);
    expect(fieldsOf({ templates: { smsOtp: { text: 'no code' } } })).toEqual(['templates.smsOtp.text']);
    expect(fieldsOf({ templates: { emailOtp: { html: '<p>{{link}}</p>' } } })).toEqual(['templates.emailOtp.html']);
    expect(fieldsOf({ templates: { passwordReset: { text: 'nothing' } } })).toEqual(['templates.passwordReset.text']);
  });

  it('keeps subjects on one line and every template bounded', () => {
    expect(fieldsOf({ templates: { emailOtp: { subject: 'Code\r\nBcc: x@example.com' } } })).toEqual(['templates.emailOtp.subject']);
    expect(fieldsOf({ templates: { emailOtp: { subject: 'x'.repeat(201) } } })).toEqual(['templates.emailOtp.subject']);
    expect(fieldsOf({ templates: { smsOtp: { text: `{{code}}${'x'.repeat(480)}` } } })).toEqual(['templates.smsOtp.text']);
    expect(fieldsOf({ templates: { emailOtp: { text: `{{code}}${'x'.repeat(10_000)}` } } })).toEqual(['templates.emailOtp.text']);
    expect(fieldsOf({ templates: { emailOtp: { html: '' } } })).toEqual(['templates.emailOtp.html']);
  });

  it('ships defaults that pass their own checks', () => {
    expect(() => planUpdate(EMPTY, { templates: structuredClone(DEFAULT_IDENTITY_METHOD_SETTINGS.templates) }, DEV)).not.toThrow();
  });
});

describe('identity-method settings: custom token keys', () => {
  it('sets an HS256 secret write-only and reports secretSet', () => {
    const planned = planUpdate(EMPTY, { customToken: { enabled: true, secret: SECRET } }, DEV);
    expect(planned.secret).toEqual({ kind: 'set', secret: SECRET });
    expect(planned.settings.customToken).toMatchObject({ enabled: true, algorithm: 'HS256', secretSet: true });
    expect(JSON.stringify(planned.overrides)).not.toContain(SECRET);
    expect(JSON.stringify(planned.settings)).not.toContain(SECRET);
    expect(planned.changedFields).toEqual(['customToken.enabled', 'customToken.secret']);
  });

  it('refuses short secrets, and enabling HS256 without one', () => {
    expect(problems({ customToken: { secret: 'x'.repeat(31) } })).toEqual([{ field: 'customToken.secret', message: 'must be a string of 32 to 1024 characters' }]);
    expect(problems({ customToken: { enabled: true } })).toEqual([{ field: 'customToken.secret', message: 'is required to enable customToken with HS256' }]);
    expect(() => planUpdate({ overrides: {}, secretSet: true }, { customToken: { enabled: true } }, DEV)).not.toThrow();
  });

  it('clears the secret on null, and with the whole customToken section', () => {
    const current = { overrides: { customToken: { enabled: true } }, secretSet: true };
    expect(fieldsOf({ customToken: { secret: null } }, current)).toEqual(['customToken.secret']);
    const cleared = planUpdate(current, { customToken: { enabled: false, secret: null } }, DEV);
    expect(cleared.secret).toEqual({ kind: 'clear' });
    expect(cleared.settings.customToken.secretSet).toBe(false);
    expect(planUpdate(current, { customToken: null }, DEV)).toMatchObject({ secret: { kind: 'clear' }, overrides: {} });
  });

  it('takes a PEM public key matching RS256 or ES256', () => {
    const rs = planUpdate(EMPTY, { customToken: { enabled: true, algorithm: 'RS256', publicKey: RSA.publicKey } }, DEV);
    expect(rs.settings.customToken).toMatchObject({ enabled: true, algorithm: 'RS256', publicKey: RSA.publicKey.trim(), secretSet: false });
    expect(() => planUpdate(EMPTY, { customToken: { enabled: true, algorithm: 'ES256', publicKey: P256.publicKey } }, DEV)).not.toThrow();
    expect(problems({ customToken: { algorithm: 'RS256', publicKey: P256.publicKey } })).toEqual([{ field: 'customToken.publicKey', message: 'must be an RSA key for RS256' }]);
    expect(problems({ customToken: { algorithm: 'ES256', publicKey: RSA.publicKey } })).toEqual([{ field: 'customToken.publicKey', message: 'must be a P-256 EC key for ES256' }]);
    expect(fieldsOf({ customToken: { algorithm: 'ES256', publicKey: P384.publicKey } })).toEqual(['customToken.publicKey']);
    expect(fieldsOf({ customToken: { algorithm: 'RS256', publicKey: SMALL_RSA.publicKey } })).toEqual(['customToken.publicKey']);
    expect(fieldsOf({ customToken: { algorithm: 'HS256', publicKey: RSA.publicKey } })).toEqual(['customToken.publicKey']);
  });

  it('refuses a private key without echoing it, and what is not a key', () => {
    const refused = problems({ customToken: { algorithm: 'RS256', publicKey: RSA.privateKey } });
    expect(refused).toEqual([{ field: 'customToken.publicKey', message: 'must be a public key: never send the private key' }]);
    expect(JSON.stringify(refused)).not.toContain(RSA.privateKey.split('\n')[1]);
    expect(fieldsOf({ customToken: { algorithm: 'RS256', publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' } })).toEqual(['customToken.publicKey']);
    expect(fieldsOf({ customToken: { algorithm: 'RS256', publicKey: 'not a pem' } })).toEqual(['customToken.publicKey']);
  });

  it('refuses enabling RS256 or ES256 without a key, a secret for them, and an unknown algorithm', () => {
    expect(problems({ customToken: { enabled: true, algorithm: 'RS256' } })).toEqual([{ field: 'customToken.publicKey', message: 'is required to enable customToken with RS256' }]);
    expect(fieldsOf({ customToken: { algorithm: 'ES256', secret: SECRET, publicKey: P256.publicKey } })).toEqual(['customToken.secret']);
    expect(fieldsOf({ customToken: { algorithm: 'none' } })).toEqual(['customToken.algorithm']);
    expect(fieldsOf({ customToken: { algorithm: 'HS512' } })).toEqual(['customToken.algorithm']);
  });

  it('drops the HS256 secret when moving to a public-key algorithm', () => {
    const moved = planUpdate({ overrides: {}, secretSet: true }, { customToken: { algorithm: 'ES256', publicKey: P256.publicKey } }, DEV);
    expect(moved.secret).toEqual({ kind: 'clear' });
    expect(moved.settings.customToken.secretSet).toBe(false);
  });

  it('takes secretSet back unchanged but never as a way to set it', () => {
    expect(() => planUpdate({ overrides: {}, secretSet: true }, { customToken: { secretSet: true } }, DEV)).not.toThrow();
    expect(fieldsOf({ customToken: { secretSet: true } })).toEqual(['customToken.secretSet']);
  });
});

describe('identity-method settings: delivery in production', () => {
  const PRODUCTION: PatchContext = { canMail: false, canText: false };
  it('refuses enabling email or phone without a transport, naming the variable to set', () => {
    const refused = problems({ email: { enabled: true }, phone: { enabled: true } }, EMPTY, PRODUCTION);
    expect(refused.map((problem) => problem.field)).toEqual(['email.enabled', 'phone.enabled']);
    expect(refused[0].message).toContain('SMTP_URL');
    expect(refused[1].message).toContain('SMS_PROVIDER_URL');
  });

  it('allows them when delivery is available (a transport, or the outbox outside production)', () => {
    expect(() => planUpdate(EMPTY, { email: { enabled: true }, phone: { enabled: true } }, { canMail: true, canText: true })).not.toThrow();
    expect(() => planUpdate(EMPTY, { email: { enabled: true }, phone: { enabled: true } }, DEV)).not.toThrow();
  });
});
