import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { AUTH_SERVICE_TYPES, type AuthServiceType } from '@rapidauth/database';
import { ListQueryDto } from '../http/list-query.dto';

/** Where a service lives: one environment, or a whole organization (usable by all its environments). */
export class ServiceScopeDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() environmentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
}

export class CreateAuthServiceDto {
  @ApiProperty({ example: 'Corporate SSO' }) @IsString() @Length(1, 100) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) description?: string;
  @ApiProperty({ enum: AUTH_SERVICE_TYPES, description: "`local` is built in: one per environment, created with it" })
  @IsIn(AUTH_SERVICE_TYPES)
  type: AuthServiceType;

  @ApiProperty({ type: ServiceScopeDto, description: 'Exactly one of environmentId, organizationId' })
  @ValidateNested()
  @Type(() => ServiceScopeDto)
  scope: ServiceScopeDto;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The type's settings: GET /v1/auth-service-types lists them" })
  @IsObject()
  config: Record<string, unknown>;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateAuthServiceDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Keys to change; a key set to null goes back to its default (or is removed). Secret keys left out keep their value.',
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class AuthServiceListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The environment's services and its organization's" })
  @IsOptional()
  @IsUUID()
  environmentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The organization's services, of every scope" })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class SamlVersionsDto {
  @ApiProperty() v1: string;
  @ApiProperty() v2: string;
}

export class AuthServiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: AUTH_SERVICE_TYPES }) type: AuthServiceType;
  @ApiProperty({ type: ServiceScopeDto }) scope: { environmentId: string } | { organizationId: string };
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Settings without secrets' }) config: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'Which secret settings are set (their values are never returned)' }) secretsSet: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'Whether users can sign in through this type yet' }) loginAvailable: boolean;
  @ApiPropertyOptional({ description: 'oauth2 (authorization_code), oidc, facebook: the redirect URI to register at the IdP' }) callbackUrl?: string;
  @ApiPropertyOptional({ type: SamlVersionsDto, description: 'SAML types: the SP metadata URLs (v1, v2)' }) spMetadataUrls?: SamlVersionsDto;
  @ApiPropertyOptional({ type: SamlVersionsDto, description: 'SAML types: the SP entity ids (v1 fixed, v2 the v2 metadata URL)' }) spEntityIds?: SamlVersionsDto;
  @ApiPropertyOptional({ description: 'SAML types: the Assertion Consumer Service URL' }) acsUrl?: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ConfigFieldDto {
  @ApiProperty({ example: 'clientSecret' }) key: string;
  @ApiProperty({ enum: ['string', 'url', 'string[]', 'boolean', 'integer', 'pem', 'enum', 'object', 'object[]'] }) kind: string;
  @ApiProperty() required: boolean;
  @ApiProperty({ description: 'Stored encrypted and never returned' }) secret: boolean;
  @ApiProperty({ description: 'Decides where or how secrets are sent: a change needs the secrets given again' }) endpoint: boolean;
  @ApiProperty() label: string;
  @ApiProperty() help: string;
  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: {} }, { type: 'object' }],
    description: 'Applied when the key is absent',
  })
  default?: unknown;
  @ApiPropertyOptional({ type: [String], description: 'The allowed values of an `enum` field' }) options?: string[];
  @ApiPropertyOptional({ type: 'integer', isArray: true, minItems: 2, maxItems: 2, example: [0, 60], description: 'Inclusive `[min, max]` of an `integer` field' })
  range?: [number, number];
  @ApiPropertyOptional({ type: 'integer', example: 50, description: 'The most entries a `string[]` or `object[]` field takes' }) maxItems?: number;
  @ApiPropertyOptional({
    type: () => [ConfigFieldDto],
    description: 'The keys of an `object` field, or of each entry of an `object[]` field (same shape, recursively)',
  })
  fields?: ConfigFieldDto[];
}

export class AuthServiceTypeDto {
  @ApiProperty({ enum: AUTH_SERVICE_TYPES }) type: AuthServiceType;
  @ApiProperty() label: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [ConfigFieldDto], description: 'The keys every type shares first, then its own, in form order' }) fields: ConfigFieldDto[];
  @ApiProperty({ type: [String], enum: ['form-login', 'redirect-login', 'saml-post', 'refresh', 'logout', 'token-exchange'] }) capabilities: string[];
  @ApiProperty({ description: 'Whether users can sign in through this type yet' }) loginAvailable: boolean;
}
