import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { ListQueryDto } from '../http/list-query.dto';

const SORT_HELP = 'JSON object of allow-listed fields (title, createdAt, updatedAt, enabled) to 1 or -1, e.g. {"title":-1}';

/** An authentication grant's settings; key and secret are generated. */
export class CreateAuthenticationGrantDto {
  @ApiPropertyOptional({ example: 'iPad Application' }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) description?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The principal's domain: an environment id (required, or its alias domainPrincipalId)" })
  @ValidateIf((dto: CreateAuthenticationGrantDto) => dto.domainPrincipalId === undefined)
  @IsUUID()
  principalDomainId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The reference sample's spelling of principalDomainId" }) @IsOptional() @IsUUID() domainPrincipalId?: string;
  @ApiProperty({ format: 'uuid', description: 'The uid of an account of that environment' }) @IsUUID() principalId: string;
  @ApiProperty({ description: "The environment's appKey, or the client_id or id of a client registered in it" })
  @IsString()
  @Length(1, 200)
  clientId: string;
  @ApiPropertyOptional({ default: false, description: 'Whether client_id alone (no client secret) may use the grant' })
  @IsOptional()
  @IsBoolean()
  allowOpenDriverAuthentication?: boolean;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateAuthenticationGrantDto {
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @Length(1, 200) title?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @Length(0, 2000) description?: string | null;
  @ApiPropertyOptional({ description: 'false disables the grant and revokes its logins; true enables it again' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() allowOpenDriverAuthentication?: boolean;
  /** Read-only: accepted here only so the refusal names the field (READ_ONLY_FIELD). */
  @ApiHideProperty() @Allow() key?: unknown;
  @ApiHideProperty() @Allow() secret?: unknown;
}

/** GET list: `limit`, `skip`, and `sort` as JSON (without it, creation time in `order`). */
export class AuthenticationGrantListDto extends ListQueryDto {
  @ApiPropertyOptional({ description: SORT_HELP, example: '{"title":-1}' }) @IsOptional() @IsString() @Length(1, 1000) sort?: string;
}

/**
 * POST query: field equality on enabled, clientId, principalId, principalDomainId, title; `limit`
 * and `skip` as in every list (default 25, at most 100).
 */
export class AuthenticationGrantQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 25, minimum: 1, maximum: 100 }) @IsOptional() @IsInt() @Min(1) @Max(100) limit: number = 25;
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 }) @IsOptional() @IsInt() @Min(0) skip: number = 0;
  @ApiPropertyOptional({ type: Object, example: { enabled: false } }) @IsOptional() @IsObject() query?: Record<string, unknown>;
  @ApiPropertyOptional({ type: Object, description: SORT_HELP, example: { title: -1 } }) @IsOptional() @IsObject() sort?: Record<string, unknown>;
}

export class AuthenticationGrantDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Generated, read-only; the username of a grant login' }) key: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'uuid', description: 'The environment id' }) principalDomainId: string;
  @ApiProperty({ format: 'uuid', description: 'The account uid' }) principalId: string;
  @ApiProperty({ description: 'The bound client_id' }) clientId: string;
  @ApiProperty() allowOpenDriverAuthentication: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class AuthenticationGrantWithSecretDto extends AuthenticationGrantDto {
  @ApiProperty({ description: 'The password of a grant login; shown only in this answer, only its HMAC is kept' }) secret: string;
}
