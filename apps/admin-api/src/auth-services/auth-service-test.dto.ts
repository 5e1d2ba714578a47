import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { CreateAuthServiceDto } from './auth-services.dto';

/** A user to sign in as during the test; the password is never stored, logged or answered. */
export class ConnectionProbeDto {
  @ApiProperty({ example: 'alice' }) @IsString() @Length(1, 256) username: string;
  @ApiProperty({ format: 'password', writeOnly: true }) @IsString() @Length(1, 1024) password: string;
}

/** The optional `probe` both test bodies take. */
function ProbeProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: ConnectionProbeDto, description: 'Also sign this user in (the `probe` check)' }),
    IsOptional(),
    ValidateNested(),
    Type(() => ConnectionProbeDto),
  );
}

export class TestNewAuthServiceDto extends CreateAuthServiceDto {
  @ProbeProperty() probe?: ConnectionProbeDto;
}

export class TestStoredAuthServiceDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Keys to try instead of the stored ones, merged as PATCH merges them (a moved endpoint needs the secrets again); nothing is saved.',
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ProbeProperty() probe?: ConnectionProbeDto;
}

export class ConnectionCheckDto {
  @ApiProperty({ example: 'bind', description: 'LDAP/AD: connect, tls, bind, search, probe; custom: connect, signature, probe; SAML: certificate, sso, spKeyPair; oidc: discovery; oauth2, facebook: tokenEndpoint; saml-wrap: connect' }) name: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'What was seen or why it failed; never a secret' }) detail: string;
  @ApiProperty({ description: 'How long the check took, in milliseconds' }) ms: number;
}

export class ConnectionTestDto {
  @ApiProperty({ description: 'Whether every check passed' }) ok: boolean;
  @ApiProperty({ type: [ConnectionCheckDto], description: 'In order; the test stops at the first failing check' }) checks: ConnectionCheckDto[];
}
