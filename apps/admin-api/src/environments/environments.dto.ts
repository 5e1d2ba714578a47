import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { NAME_PATTERN } from '@rapidauth/tenancy';

/** RFC 6749 §3.3 scope-token, and not one of the OpenID Connect scopes. */
const CUSTOM_SCOPE = /^(?!(openid|profile|email|phone|address|offline_access)$)[\x21\x23-\x5b\x5d-\x7e]{1,128}$/;

export class CreateEnvironmentDto {
  @ApiProperty({ example: 'production' })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'name must be 2-63 lower-case letters, digits or "-", starting with a letter or digit' })
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['orders:read'], description: 'Scopes beyond the OpenID Connect ones' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CUSTOM_SCOPE, { each: true, message: 'each custom scope must be a scope token that is not an OpenID Connect scope' })
  customScopes?: string[];
}

export class UpdateEnvironmentDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CUSTOM_SCOPE, { each: true, message: 'each custom scope must be a scope token that is not an OpenID Connect scope' })
  customScopes?: string[];

  @ApiPropertyOptional({
    description: "Whether POST /:org/:app/token signs this environment's users in (when it is the app's default); off for new environments: it needs no client credential",
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  usergridCompatibility?: boolean;
}

export class EnvironmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) appId: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: "The environment's own client id" }) appKey: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) defaultServiceId: string | null;
  @ApiProperty({ type: [String] }) customScopes: string[];
  @ApiProperty() usergridCompatibility: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class EnvironmentWithSecretDto extends EnvironmentDto {
  @ApiProperty({ description: 'Shown only in this answer; only its hash is kept' }) appSecret: string;
}
