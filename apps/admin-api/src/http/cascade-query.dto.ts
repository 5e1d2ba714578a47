import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** `?cascade=true` lets a delete take everything beneath the object with it. */
export class CascadeQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Delete everything beneath too' })
  @IsOptional()
  @IsIn(['true', 'false'])
  cascade?: 'true' | 'false';
}
