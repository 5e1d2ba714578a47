import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class RotateSigningKeyDto {
  @ApiPropertyOptional({ enum: ['ES256', 'RS256'], description: 'Which key; both when omitted' })
  @IsOptional()
  @IsIn(['ES256', 'RS256'])
  alg?: 'ES256' | 'RS256';
}

export class RotatedKeyDto {
  @ApiProperty() kid: string;
  @ApiProperty({ enum: ['ES256', 'RS256'] }) alg: string;
  @ApiProperty({ description: 'When it starts signing (published in JWKS from now)' }) activatesAt: Date;
}

export class RotatedKeysDto {
  @ApiProperty({ type: [RotatedKeyDto] }) rotated: RotatedKeyDto[];
}
