import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { NAME_PATTERN } from '@rapidauth/tenancy';
import { ListQueryDto } from '../http/list-query.dto';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'acme', description: 'Slug, unique, 2-63 characters; never a reserved gateway path segment' })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'name must be 2-63 lower-case letters, digits or "-", starting with a letter or digit' })
  name: string;

  @ApiPropertyOptional({ example: 'Acme Corp' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  displayName?: string;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ description: 'A disabled organization client gets no management tokens' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'The organization client id' }) clientId: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class OrganizationWithSecretDto extends OrganizationDto {
  @ApiProperty({ description: 'Shown only in this answer; only its hash is kept' }) clientSecret: string;
}

export class OrganizationSearchDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Prefix of the name or the display name (case-insensitive)' }) @IsOptional() @IsString() @Length(1, 200) search?: string;
}
