import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { NAME_PATTERN } from '@rapidauth/tenancy';
import { ListQueryDto } from '../http/list-query.dto';

export class CreateGroupDto {
  @ApiProperty({ example: 'on-call' })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'name must be 2-63 lower-case letters, digits or "-", starting with a letter or digit' })
  name: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) description?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The owning organization; a platform group without it' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class UpdateGroupDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) description?: string;
}

export class GroupListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
}

export class GroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organizationId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class GroupMemberDto {
  @ApiProperty({ format: 'uuid' }) adminId: string;
  @ApiProperty() username: string;
  @ApiProperty() addedAt: Date;
}
