import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ListQueryDto } from '../http/list-query.dto';

export class AuditEventQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc', description: 'Newest first by default' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  override order: 'asc' | 'desc' = 'desc';

  @ApiPropertyOptional({ format: 'uuid', description: 'Organization whose events to read; platform-wide without it' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) actorId?: string;
  @ApiPropertyOptional({ example: 'client.create' }) @IsOptional() @IsString() @Length(1, 64) action?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) targetType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) targetId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'ISO time, inclusive' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'ISO time, exclusive' }) @IsOptional() @IsDateString() to?: string;
  @ApiPropertyOptional({ enum: ['success', 'failure', 'denied'] }) @IsOptional() @IsIn(['success', 'failure', 'denied']) outcome?: string;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ example: 'admin' }) actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organizationId: string | null;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}
