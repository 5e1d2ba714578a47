import { CUSTOM_TOKEN_ALGORITHMS } from './identity-methods';

/**
 * How one setting is edited: `lines` is a list typed one entry a line; `text` may be cleared, which
 * sends null (the setting's default again); `secret` is write-only.
 */
export type FieldKind =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'lines'; readonly entry: 'origin' | 'country' }
  | { readonly kind: 'text'; readonly maxLength: number; readonly multiline: boolean }
  | { readonly kind: 'choice'; readonly options: readonly string[] }
  | { readonly kind: 'secret'; readonly minLength: number; readonly maxLength: number };

/** One setting: its dotted path in the settings (as the API names it in `fields`), label and help. */
export type MethodField = FieldKind & { readonly path: string; readonly label: string; readonly help?: string };

export interface MethodSection {
  readonly legend: string;
  readonly help?: string;
  readonly fields: readonly MethodField[];
}

const PLACEHOLDERS = 'Placeholders: {{code}}, {{link}}, {{appName}}, {{expiresMinutes}}.';
const RESET = 'Empty: back to the default.';

const enabled = (method: string): MethodField => ({ path: `${method}.enabled`, label: 'Enabled', kind: 'boolean' });
const integer = (path: string, label: string, min: number, max: number, help?: string): MethodField => ({
  path,
  label,
  kind: 'integer',
  min,
  max,
  help: `${help ? `${help} ` : ''}${min} to ${max}. ${RESET}`,
});

function mailTemplate(name: string, legend: string, needs: string): MethodSection {
  return {
    legend,
    help: `${needs} ${PLACEHOLDERS} ${RESET}`,
    fields: [
      { path: `templates.${name}.subject`, label: 'Subject', kind: 'text', maxLength: 200, multiline: false },
      { path: `templates.${name}.text`, label: 'Text', kind: 'text', maxLength: 10_000, multiline: true },
      { path: `templates.${name}.html`, label: 'HTML', kind: 'text', maxLength: 50_000, multiline: true },
    ],
  };
}

/** Every member of the identity methods, in the order the form shows them (docs/admin-api.md#identity-methods). */
export const METHOD_SECTIONS: readonly MethodSection[] = [
  {
    legend: 'Anonymous sign-in',
    help: 'Accounts without a credential, made at POST /v3/auth/anonymous; they expire.',
    fields: [enabled('anonymous'), integer('anonymous.ttlSeconds', 'Account lifetime (seconds)', 60, 31_536_000)],
  },
  {
    legend: 'Email sign-in',
    help: 'In production, only with a mail transport (SMTP_URL).',
    fields: [
      enabled('email'),
      { path: 'email.requireVerification', label: 'Refuse password logins of unconfirmed addresses', kind: 'boolean' },
      { path: 'email.passwordLogin', label: 'Sign in with a password', kind: 'boolean' },
      { path: 'email.otpLogin', label: 'Sign in with a code sent by mail', kind: 'boolean' },
    ],
  },
  {
    legend: 'Phone sign-in',
    help: 'Codes sent by SMS; in production, only with an SMS transport (SMS_PROVIDER_URL).',
    fields: [
      enabled('phone'),
      { path: 'phone.allowedCountryCodes', label: 'Allowed countries', kind: 'lines', entry: 'country', help: 'One ISO 3166-1 alpha-2 code a line, such as FR; none: every country.' },
    ],
  },
  {
    legend: 'Custom tokens',
    help: "JWTs signed by the app's backend; enabling needs the secret (HS256) or the public key (RS256, ES256).",
    fields: [
      enabled('customToken'),
      { path: 'customToken.algorithm', label: 'Algorithm', kind: 'choice', options: CUSTOM_TOKEN_ALGORITHMS, help: 'Moving away from HS256 removes the stored secret.' },
      { path: 'customToken.secret', label: 'Secret', kind: 'secret', minLength: 32, maxLength: 1_024 },
      { path: 'customToken.publicKey', label: 'Public key (PEM)', kind: 'text', maxLength: 16_384, multiline: true, help: 'RS256: RSA of at least 2048 bits; ES256: P-256. Never the private key.' },
      { path: 'customToken.issuer', label: 'Issuer', kind: 'text', maxLength: 2_048, multiline: false, help: 'The iss the tokens must carry; empty: any.' },
      integer('customToken.maxAgeSeconds', 'Longest token life (seconds)', 1, 86_400, 'The longest exp − iat accepted:'),
    ],
  },
  {
    legend: 'One-time codes',
    help: 'The codes sent by mail and SMS.',
    fields: [
      integer('otp.length', 'Digits per code', 4, 10),
      integer('otp.ttlSeconds', 'Code lifetime (seconds)', 60, 86_400),
      integer('otp.maxAttempts', 'Guesses per code', 1, 10),
      integer('otp.resendAfterSeconds', 'Wait before sending again (seconds)', 0, 3_600),
      integer('otp.maxSendsPerHour', 'Codes per destination and hour', 1, 1_000),
    ],
  },
  {
    legend: 'Second factor',
    fields: [
      { path: 'mfa.required', label: 'Require a second factor at every login', kind: 'boolean' },
      { path: 'mfa.issuer', label: 'Authenticator issuer', kind: 'text', maxLength: 64, multiline: false, help: 'The label authenticator apps show, without ":"; empty: the app name.' },
    ],
  },
  {
    legend: 'Fresh logins and browser origins',
    fields: [
      integer('freshLoginSeconds', 'Fresh login (seconds)', 1, 86_400, 'How recent a login must be to remove identities or the account:'),
      { path: 'authorizedOrigins', label: 'Authorized origins', kind: 'lines', entry: 'origin', help: "One origin a line, such as https://app.example.com; added to every client's allowed origins for /v3/auth/*." },
    ],
  },
  mailTemplate('emailVerification', 'Message: confirm an email address', 'Must hold {{code}} or {{link}}.'),
  mailTemplate('emailOtp', 'Message: email sign-in code', 'Must hold {{code}}.'),
  mailTemplate('passwordReset', 'Message: password reset code', 'Must hold {{code}}.'),
  {
    legend: 'Message: SMS code',
    help: `Must hold {{code}}. ${PLACEHOLDERS} ${RESET}`,
    fields: [{ path: 'templates.smsOtp.text', label: 'Text', kind: 'text', maxLength: 480, multiline: true }],
  },
];

export const METHOD_FIELDS: readonly MethodField[] = METHOD_SECTIONS.flatMap((section) => section.fields);
