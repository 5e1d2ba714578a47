import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import type { PrincipalType } from '@rapidauth/database';
import { ListQueryDto } from '../http/list-query.dto';

const PRINCIPAL_TYPES: PrincipalType[] = ['admin', 'organization-client', 'group'];

export class PrincipalRefDto {
  @ApiProperty({ enum: PRINCIPAL_TYPES }) @IsIn(PRINCIPAL_TYPES) type: PrincipalType;
  @ApiProperty({ description: 'Admin id, the organization client id, or group id' }) @IsString() @Length(1, 128) id: string;
}

export class TargetRefDto {
  @ApiProperty({ enum: ['platform', 'organization', 'app', 'environment'] })
  @IsIn(['platform', 'organization', 'app', 'environment'])
  type: 'platform' | 'organization' | 'app' | 'environment';
  @ApiPropertyOptional({ format: 'uuid', description: 'Absent for the platform' }) @IsOptional() @IsUUID() id?: string;
}

export class CreateAuthorityDto {
  @ApiProperty({ type: PrincipalRefDto }) @ValidateNested() @Type(() => PrincipalRefDto) principal: PrincipalRefDto;
  @ApiProperty({ example: 'operator' }) @IsString() @Length(1, 64) role: string;
  @ApiProperty({ type: TargetRefDto }) @ValidateNested() @Type(() => TargetRefDto) target: TargetRefDto;
}

export class AuthorityQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: PRINCIPAL_TYPES }) @IsOptional() @IsIn(PRINCIPAL_TYPES) principalType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) principalId?: string;
  @ApiPropertyOptional({ enum: ['platform', 'organization', 'app', 'environment'] })
  @IsOptional()
  @IsIn(['platform', 'organization', 'app', 'environment'])
  targetType?: 'platform' | 'organization' | 'app' | 'environment';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() targetId?: string;
}

export class AuthorityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PrincipalRefDto }) principal: PrincipalRefDto;
  @ApiProperty() role: string;
  @ApiProperty({ type: TargetRefDto }) target: TargetRefDto;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: Date;
}
