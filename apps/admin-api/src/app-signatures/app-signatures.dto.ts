import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APP_SIGNATURE_BOUNDS, APP_SIGNATURE_DEFAULTS } from '@rapidauth/devices';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';

/** Android package names and iOS bundle ids: dot-separated letters, digits, `_` and `-` (reverse DNS, e.g. com.example.bank). */
const IDENTIFIER = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
/** A version as app stores show it: 1.4.2, 2024.06-rc1, 7.0+build42. */
const VERSION = /^[A-Za-z0-9._+-]+$/;
const PLATFORMS = ['android', 'ios'];
const DPOP = ['required', 'allowed'];
const { pinMaxAttempts, pinMinLength, clientSecretTtlSeconds } = APP_SIGNATURE_BOUNDS;

/** A field is validated whenever it is sent: `null` is refused (every field has a value), not skipped. */
const IfSent = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);

const REDIRECT_URIS = 'RFC 8252: private-use scheme (com.example.bank:/cb), claimed https, or loopback http (any port)';

/** Suite, key, redirect URI and scope rules are the devices library's (AppSignatures); these are the fields' types and bounds. */
class AppSignatureSettingsDto {
  @ApiPropertyOptional({ example: APP_SIGNATURE_DEFAULTS.ocraSuite, description: 'RFC 6287 suite: HOTP-SHA1/256/512, 6–10 digits, a Q and a T part, no C, P or S' })
  @IfSent()
  @IsString()
  @Length(1, 64)
  ocraSuite?: string;

  @ApiPropertyOptional({ description: 'The OCRA key in hex: 20, 32 or 64 bytes for SHA1, SHA256, SHA512. Write-only' })
  @IfSent()
  @IsString()
  @Length(1, 128)
  secret?: string;

  @ApiPropertyOptional({ type: [String], example: APP_SIGNATURE_DEFAULTS.scopes, description: "OpenID Connect scopes and the environment's custom scopes" })
  @IfSent()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  scopes?: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: pinMaxAttempts.min, maximum: pinMaxAttempts.max, default: APP_SIGNATURE_DEFAULTS.pinMaxAttempts })
  @IfSent()
  @IsInt()
  @Min(pinMaxAttempts.min)
  @Max(pinMaxAttempts.max)
  pinMaxAttempts?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: pinMinLength.min, maximum: pinMinLength.max, default: APP_SIGNATURE_DEFAULTS.pinMinLength })
  @IfSent()
  @IsInt()
  @Min(pinMinLength.min)
  @Max(pinMinLength.max)
  pinMinLength?: number;

  @ApiPropertyOptional({ enum: DPOP, default: APP_SIGNATURE_DEFAULTS.dpop, description: 'Whether device clients must bind their tokens with DPoP (RFC 9449)' })
  @IfSent()
  @IsIn(DPOP)
  dpop?: 'required' | 'allowed';

  @ApiPropertyOptional({ type: 'integer', minimum: clientSecretTtlSeconds.min, maximum: clientSecretTtlSeconds.max, default: 0, description: "Lifetime of device clients' secrets; 0: they do not expire" })
  @IfSent()
  @IsInt()
  @Min(clientSecretTtlSeconds.min)
  @Max(clientSecretTtlSeconds.max)
  clientSecretTtlSeconds?: number;

  @ApiPropertyOptional({ default: true, description: 'false: no new registrations with this signature; registered devices keep working' })
  @IfSent()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateAppSignatureDto extends AppSignatureSettingsDto {
  @ApiPropertyOptional({ type: [String], description: REDIRECT_URIS })
  @IfSent()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 2000, { each: true })
  redirectUris?: string[];
}

export class CreateAppSignatureDto extends AppSignatureSettingsDto {
  @ApiProperty({ example: 'com.example.bank', description: "The app's package name or bundle id" })
  @IsString()
  @Length(1, 200)
  @Matches(IDENTIFIER, { message: 'identifier must be dot-separated letters, digits, "_" or "-", e.g. com.example.bank' })
  identifier: string;

  @ApiProperty({ example: '4.2.0' })
  @IsString()
  @Length(1, 50)
  @Matches(VERSION, { message: 'version must be letters, digits, ".", "_", "+" or "-", e.g. 4.2.0' })
  version: string;

  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS)
  platform: 'android' | 'ios';

  @ApiProperty({ type: [String], example: ['com.example.bank:/oauth2redirect'], description: REDIRECT_URIS })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 2000, { each: true })
  redirectUris: string[];
}

export class AppSignatureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) environmentId: string;
  @ApiProperty() identifier: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: PLATFORMS }) platform: string;
  @ApiProperty() ocraSuite: string;
  @ApiProperty({ description: 'Whether a key is set (always, once created); the key itself is never answered again' }) secretSet: boolean;
  @ApiProperty({ type: [String] }) redirectUris: string[];
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ type: 'integer' }) pinMaxAttempts: number;
  @ApiProperty({ type: 'integer' }) pinMinLength: number;
  @ApiProperty({ enum: DPOP }) dpop: string;
  @ApiProperty({ type: 'integer' }) clientSecretTtlSeconds: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class AppSignatureWithSecretDto extends AppSignatureDto {
  @ApiProperty({ description: 'The OCRA key in hex, built into the app: shown only in this answer' }) secret: string;
}

export class RevokedDevicesDto {
  @ApiProperty({ type: 'integer', description: 'Device clients registered with the signature, now disabled' }) devices: number;
  @ApiProperty({ type: 'integer', description: 'Their logins (refresh-token families and their access tokens) revoked' }) revokedLogins: number;
}
