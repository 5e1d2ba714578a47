/** The algorithms a custom token may be signed with (docs/admin-api.md#identity-methods). */
export const CUSTOM_TOKEN_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;

interface MailTemplate {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** What `GET /v1/environments/:id/identity-methods` answers: every member, defaults included; the secret only as `secretSet`. */
export interface IdentityMethods {
  readonly anonymous: { readonly enabled: boolean; readonly ttlSeconds: number };
  readonly email: { readonly enabled: boolean; readonly requireVerification: boolean; readonly passwordLogin: boolean; readonly otpLogin: boolean };
  readonly phone: { readonly enabled: boolean; readonly allowedCountryCodes: readonly string[] };
  readonly customToken: {
    readonly enabled: boolean;
    readonly algorithm: (typeof CUSTOM_TOKEN_ALGORITHMS)[number];
    readonly secretSet: boolean;
    readonly publicKey: string | null;
    readonly issuer: string | null;
    readonly maxAgeSeconds: number;
  };
  readonly otp: { readonly length: number; readonly ttlSeconds: number; readonly maxAttempts: number; readonly resendAfterSeconds: number; readonly maxSendsPerHour: number };
  readonly freshLoginSeconds: number;
  readonly authorizedOrigins: readonly string[];
  readonly mfa: { readonly required: boolean; readonly issuer: string | null };
  readonly templates: {
    readonly emailVerification: MailTemplate;
    readonly emailOtp: MailTemplate;
    readonly passwordReset: MailTemplate;
    readonly smsOtp: { readonly text: string };
  };
}
