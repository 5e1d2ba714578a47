/** The algorithms a custom token (the backend's JWT, RFC 7523) may be signed with. */
export const CUSTOM_TOKEN_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type CustomTokenAlgorithm = (typeof CUSTOM_TOKEN_ALGORITHMS)[number];

export interface MailTemplate {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface SmsTemplate {
  readonly text: string;
}

/** The messages sent to users; `{{code}} {{link}} {{appName}} {{expiresMinutes}}` are filled in when sent. */
export interface MessageTemplates {
  readonly emailVerification: MailTemplate;
  readonly emailOtp: MailTemplate;
  readonly passwordReset: MailTemplate;
  readonly smsOtp: SmsTemplate;
}

/**
 * An environment's identity methods (docs/admin-api.md#identity-methods), as answered by the admin
 * API and read by every login: the custom-token secret itself is never part of it, only `secretSet`.
 */
export interface IdentityMethodSettings {
  readonly anonymous: { readonly enabled: boolean; readonly ttlSeconds: number };
  readonly email: { readonly enabled: boolean; readonly requireVerification: boolean; readonly passwordLogin: boolean; readonly otpLogin: boolean };
  readonly phone: { readonly enabled: boolean; readonly allowedCountryCodes: readonly string[] };
  readonly customToken: {
    readonly enabled: boolean;
    readonly algorithm: CustomTokenAlgorithm;
    readonly secretSet: boolean;
    readonly publicKey: string | null;
    readonly issuer: string | null;
    readonly maxAgeSeconds: number;
  };
  readonly otp: {
    readonly length: number;
    readonly ttlSeconds: number;
    readonly maxAttempts: number;
    readonly resendAfterSeconds: number;
    readonly maxSendsPerHour: number;
  };
  readonly freshLoginSeconds: number;
  readonly authorizedOrigins: readonly string[];
  readonly mfa: { readonly required: boolean; readonly issuer: string | null };
  readonly templates: MessageTemplates;
}

/** The placeholders a template may hold. */
export const TEMPLATE_PLACEHOLDERS = ['code', 'link', 'appName', 'expiresMinutes'] as const;

const mailHtml = (heading: string, body: string, footer: string) =>
  `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5"><h1 style="font-size:20px">${heading}</h1>${body}<p style="color:#666;font-size:13px">${footer}</p></body></html>`;

export const DEFAULT_TEMPLATES: MessageTemplates = {
  emailVerification: {
    subject: 'Confirm your email address for {{appName}}',
    text:
      'Welcome to {{appName}}.\n\nYour confirmation code is {{code}}. You can also confirm by opening this link:\n{{link}}\n\n' +
      'The code and the link expire in {{expiresMinutes}} minutes. If you did not create an account, ignore this message.',
    html: mailHtml(
      'Confirm your email address',
      '<p>Welcome to {{appName}}.</p><p>Your confirmation code is <strong style="font-size:22px;letter-spacing:2px">{{code}}</strong></p><p>Or confirm by opening <a href="{{link}}">this link</a>.</p>',
      'The code and the link expire in {{expiresMinutes}} minutes. If you did not create an account, ignore this message.',
    ),
  },
  emailOtp: {
    subject: 'Your {{appName}} sign-in code: {{code}}',
    text: 'Your {{appName}} sign-in code is {{code}}.\n\nIt expires in {{expiresMinutes}} minutes. If you did not try to sign in, ignore this message.',
    html: mailHtml(
      'Your sign-in code',
      '<p>Your {{appName}} sign-in code is <strong style="font-size:22px;letter-spacing:2px">{{code}}</strong></p>',
      'It expires in {{expiresMinutes}} minutes. If you did not try to sign in, ignore this message.',
    ),
  },
  passwordReset: {
    subject: 'Reset your {{appName}} password',
    text:
      'Someone asked to reset the password of your {{appName}} account.\n\nYour reset code is {{code}}. It expires in {{expiresMinutes}} minutes.\n\n' +
      'If it was not you, ignore this message: your password stays as it is.',
    html: mailHtml(
      'Reset your password',
      '<p>Someone asked to reset the password of your {{appName}} account.</p><p>Your reset code is <strong style="font-size:22px;letter-spacing:2px">{{code}}</strong></p>',
      'It expires in {{expiresMinutes}} minutes. If it was not you, ignore this message: your password stays as it is.',
    ),
  },
  smsOtp: { text: '{{code}} is your {{appName}} code. It expires in {{expiresMinutes}} min. Do not share it.' },
};

/** What an environment that never changed anything gets; stored settings are merged over these on read. */
export const DEFAULT_IDENTITY_METHOD_SETTINGS: IdentityMethodSettings = {
  anonymous: { enabled: false, ttlSeconds: 86_400 },
  email: { enabled: false, requireVerification: true, passwordLogin: true, otpLogin: true },
  phone: { enabled: false, allowedCountryCodes: [] },
  customToken: { enabled: false, algorithm: 'HS256', secretSet: false, publicKey: null, issuer: null, maxAgeSeconds: 3_600 },
  otp: { length: 6, ttlSeconds: 300, maxAttempts: 5, resendAfterSeconds: 30, maxSendsPerHour: 10 },
  freshLoginSeconds: 300,
  authorizedOrigins: [],
  mfa: { required: false, issuer: null },
  templates: DEFAULT_TEMPLATES,
};
