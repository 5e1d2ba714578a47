import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CUSTOM_TOKEN_ALGORITHMS, DEFAULT_IDENTITY_METHOD_SETTINGS as DEFAULTS, type CustomTokenAlgorithm } from '@rapidauth/identity';

const PLACEHOLDERS = 'Placeholders: `{{code}}`, `{{link}}`, `{{appName}}`, `{{expiresMinutes}}`.';

class AnonymousMethodDto {
  @ApiProperty({ example: DEFAULTS.anonymous.enabled }) enabled: boolean;
  @ApiProperty({ example: DEFAULTS.anonymous.ttlSeconds, minimum: 60, maximum: 31_536_000, description: 'How long an anonymous account lives' }) ttlSeconds: number;
}

class EmailMethodDto {
  @ApiProperty({ example: DEFAULTS.email.enabled, description: 'In production, only with SMTP_URL set' }) enabled: boolean;
  @ApiProperty({ example: DEFAULTS.email.requireVerification, description: 'Password logins of unverified addresses are refused (`UNVERIFIED_IDENTITY`)' }) requireVerification: boolean;
  @ApiProperty({ example: DEFAULTS.email.passwordLogin }) passwordLogin: boolean;
  @ApiProperty({ example: DEFAULTS.email.otpLogin }) otpLogin: boolean;
}

class PhoneMethodDto {
  @ApiProperty({ example: DEFAULTS.phone.enabled, description: 'In production, only with SMS_PROVIDER_URL set' }) enabled: boolean;
  @ApiProperty({ type: [String], example: ['FR'], maxItems: 250, description: 'ISO 3166-1 alpha-2 codes the numbers may belong to; empty = every country' })
  allowedCountryCodes: string[];
}

class CustomTokenMethodDto {
  @ApiProperty({ example: DEFAULTS.customToken.enabled, description: 'Needs `secret` (HS256) or `publicKey` (RS256, ES256)' }) enabled: boolean;
  @ApiProperty({ enum: CUSTOM_TOKEN_ALGORITHMS, example: DEFAULTS.customToken.algorithm }) algorithm: CustomTokenAlgorithm;
  @ApiProperty({ example: false, description: 'Whether an HS256 secret is stored (the secret itself is never answered)' }) secretSet: boolean;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'PEM public key: RSA ≥ 2048 bits for RS256, P-256 for ES256' }) publicKey: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The `iss` the tokens must carry, when set' }) issuer: string | null;
  @ApiProperty({ example: DEFAULTS.customToken.maxAgeSeconds, minimum: 1, maximum: 86_400, description: 'The longest `exp` − `iat` accepted' }) maxAgeSeconds: number;
}

class OtpSettingsDto {
  @ApiProperty({ example: DEFAULTS.otp.length, minimum: 4, maximum: 10, description: 'Digits per code' }) length: number;
  @ApiProperty({ example: DEFAULTS.otp.ttlSeconds, minimum: 60, maximum: 86_400 }) ttlSeconds: number;
  @ApiProperty({ example: DEFAULTS.otp.maxAttempts, minimum: 1, maximum: 10, description: 'Guesses per code' }) maxAttempts: number;
  @ApiProperty({ example: DEFAULTS.otp.resendAfterSeconds, minimum: 0, maximum: 3_600 }) resendAfterSeconds: number;
  @ApiProperty({ example: DEFAULTS.otp.maxSendsPerHour, minimum: 1, maximum: 1_000, description: 'Codes per destination and hour' }) maxSendsPerHour: number;
}

class MfaSettingsDto {
  @ApiProperty({ example: DEFAULTS.mfa.required, description: 'Every login needs a second factor' }) required: boolean;
  @ApiProperty({ type: String, nullable: true, example: null, maxLength: 64, description: "The authenticator app's issuer label (no `:`); null = the app name" }) issuer: string | null;
}

class MailTemplateDto {
  @ApiProperty({ maxLength: 200, description: `One line. ${PLACEHOLDERS}` }) subject: string;
  @ApiProperty({ maxLength: 10_000, description: `Plain text part. ${PLACEHOLDERS}` }) text: string;
  @ApiProperty({ maxLength: 50_000, description: `HTML part. ${PLACEHOLDERS}` }) html: string;
}

class SmsTemplateDto {
  @ApiProperty({ maxLength: 480, description: `Must hold {{code}}. ${PLACEHOLDERS}` }) text: string;
}

class MessageTemplatesDto {
  @ApiProperty({ type: MailTemplateDto, description: 'Sent at email sign-up; must hold `{{code}}` or `{{link}}`' }) emailVerification: MailTemplateDto;
  @ApiProperty({ type: MailTemplateDto, description: 'Email sign-in code; must hold `{{code}}`' }) emailOtp: MailTemplateDto;
  @ApiProperty({ type: MailTemplateDto, description: 'Password reset code; must hold `{{code}}`' }) passwordReset: MailTemplateDto;
  @ApiProperty({ type: SmsTemplateDto }) smsOtp: SmsTemplateDto;
}

/** The settings as answered: every field, defaults included; the custom-token secret only as `secretSet`. */
export class IdentityMethodsDto {
  @ApiProperty({ type: AnonymousMethodDto }) anonymous: AnonymousMethodDto;
  @ApiProperty({ type: EmailMethodDto }) email: EmailMethodDto;
  @ApiProperty({ type: PhoneMethodDto }) phone: PhoneMethodDto;
  @ApiProperty({ type: CustomTokenMethodDto }) customToken: CustomTokenMethodDto;
  @ApiProperty({ type: OtpSettingsDto }) otp: OtpSettingsDto;
  @ApiProperty({ example: DEFAULTS.freshLoginSeconds, minimum: 1, maximum: 86_400, description: 'How recent a login must be to remove identities or the account' })
  freshLoginSeconds: number;
  @ApiProperty({ type: [String], example: ['https://app.example.com'], maxItems: 100, description: "Origins added to every client's allowedOrigins for /v3/auth/*" })
  authorizedOrigins: string[];
  @ApiProperty({ type: MfaSettingsDto }) mfa: MfaSettingsDto;
  @ApiProperty({ type: MessageTemplatesDto }) templates: MessageTemplatesDto;
}

class CustomTokenPatchDto {
  @ApiPropertyOptional() enabled?: boolean;
  @ApiPropertyOptional({ enum: CUSTOM_TOKEN_ALGORITHMS }) algorithm?: CustomTokenAlgorithm;
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 32, writeOnly: true, description: 'HS256 only; sealed, never answered; null removes it' }) secret?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) publicKey?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) issuer?: string | null;
  @ApiPropertyOptional({ nullable: true }) maxAgeSeconds?: number | null;
}

/**
 * The PATCH body, for the OpenAPI document only (the identity lib validates the merge patch, RFC 7396):
 * any subset of the settings; `null` puts a field (or a whole section) back to its default.
 */
export class IdentityMethodsPatchDto {
  @ApiPropertyOptional({ type: AnonymousMethodDto, nullable: true }) anonymous?: Partial<AnonymousMethodDto> | null;
  @ApiPropertyOptional({ type: EmailMethodDto, nullable: true }) email?: Partial<EmailMethodDto> | null;
  @ApiPropertyOptional({ type: PhoneMethodDto, nullable: true }) phone?: Partial<PhoneMethodDto> | null;
  @ApiPropertyOptional({ type: CustomTokenPatchDto, nullable: true, description: 'null also removes the secret' }) customToken?: CustomTokenPatchDto | null;
  @ApiPropertyOptional({ type: OtpSettingsDto, nullable: true }) otp?: Partial<OtpSettingsDto> | null;
  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 86_400 }) freshLoginSeconds?: number | null;
  @ApiPropertyOptional({ type: [String], nullable: true }) authorizedOrigins?: string[] | null;
  @ApiPropertyOptional({ type: MfaSettingsDto, nullable: true }) mfa?: Partial<MfaSettingsDto> | null;
  @ApiPropertyOptional({ type: MessageTemplatesDto, nullable: true }) templates?: Partial<MessageTemplatesDto> | null;
}
