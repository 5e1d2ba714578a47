import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { NAME_PATTERN } from '@rapidauth/tenancy';

export class CreateAppDto {
  @ApiProperty({ example: 'mobile', description: 'Slug, unique within the organization' })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'name must be 2-63 lower-case letters, digits or "-", starting with a letter or digit' })
  name: string;

  @ApiPropertyOptional({ example: 'Acme Mobile' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}

export class UpdateAppDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One of the app\'s environments' })
  @IsOptional()
  @IsUUID()
  defaultEnvironmentId?: string;
}

export class AppDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) defaultEnvironmentId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
